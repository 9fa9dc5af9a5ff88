// A large input is mapped, not read, so that the pages the parser has passed can be dropped:
// a 20 MB file then costs a few MB of memory while it is checked, not 20.
//
// The one hazard of a mapping is a file truncated while it is read: touching a page past the
// new end raises SIGBUS. LLVM's MemoryBuffer and ripgrep accept that crash; credc turns it into
// the error SPEC §2 gives an unreadable input (exit 66), naming the file. The handler only
// reads a table filled before the mapping is used and calls write(2) and _exit(2), which are
// async-signal-safe.
#define _GNU_SOURCE
#include "mapped_file.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { MAPPINGS = 64, PATH_BYTES = 1024 };

struct mapping {
    volatile uintptr_t start, end;
    char path[PATH_BYTES];
};

static struct mapping mappings[MAPPINGS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction previous;
static int installed;

static void write_all(const char *text, size_t length) {
    while (length > 0) {
        ssize_t written = write(STDERR_FILENO, text, length);
        if (written <= 0) return;
        text += written;
        length -= (size_t)written;
    }
}

static void on_bus_error(int signal_number, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int index = 0; index < MAPPINGS; index++) {
        if (mappings[index].start <= address && address < mappings[index].end) {
            static const char head[] = "credc: error: cannot read '";
            static const char tail[] =
                "': reading it failed (the file got shorter while credc read it, or the disk failed); run credc again\n";
            write_all(head, sizeof head - 1);
            write_all(mappings[index].path, strlen(mappings[index].path));
            write_all(tail, sizeof tail - 1);
            _exit(66);
        }
    }
    // Not an input's mapping: the fault is what it would have been without this handler.
    sigaction(SIGBUS, &previous, NULL);
    (void)signal_number;
    (void)context;
}

const unsigned char *credc_map_file(int descriptor, size_t size, const char *path) {
    if (size == 0) return NULL;
    pthread_mutex_lock(&lock);
    int slot = -1;
    for (int index = 0; index < MAPPINGS && slot < 0; index++) {
        if (mappings[index].end == 0) slot = index;
    }
    if (slot < 0) {
        pthread_mutex_unlock(&lock);
        return NULL;
    }
    if (!installed) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = on_bus_error;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        if (sigaction(SIGBUS, &action, &previous) != 0) {
            pthread_mutex_unlock(&lock);
            return NULL;
        }
        installed = 1;
    }
    void *base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, descriptor, 0);
    if (base == MAP_FAILED) {
        pthread_mutex_unlock(&lock);
        return NULL;
    }
    // The path as shown, control characters made visible (it goes straight to a terminal).
    size_t length = 0;
    for (; path[length] != 0 && length < PATH_BYTES - 1; length++) {
        unsigned char byte = (unsigned char)path[length];
        mappings[slot].path[length] = byte < 0x20 || byte == 0x7F ? '?' : (char)byte;
    }
    mappings[slot].path[length] = 0;
    mappings[slot].start = (uintptr_t)base;
    mappings[slot].end = (uintptr_t)base + size;
    pthread_mutex_unlock(&lock);
    return base;
}

void credc_unmap_file(const unsigned char *base, size_t size) {
    pthread_mutex_lock(&lock);
    munmap((void *)base, size);
    for (int index = 0; index < MAPPINGS; index++) {
        if (mappings[index].start == (uintptr_t)base) {
            mappings[index].end = 0;
            mappings[index].start = 0;
        }
    }
    pthread_mutex_unlock(&lock);
}

void credc_release_pages(const unsigned char *base, size_t size, size_t offset, size_t length) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (offset >= size) return;
    if (length > size - offset) length = size - offset;
    // Whole pages only: rounded in at the start, and out at the file's end (its last page).
    size_t start = (offset + page - 1) / page * page;
    size_t end = offset + length == size ? (size + page - 1) / page * page : (offset + length) / page * page;
    if (end > start) madvise((void *)(base + start), end - start, MADV_DONTNEED);
}
