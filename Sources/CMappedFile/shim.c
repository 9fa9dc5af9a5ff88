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
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// Every input of a large configuration may be mapped: entries come in blocks that are never
// freed or moved, so that the handler can walk them while another thread adds one.
enum { BLOCK = 256 };

struct mapping {
    volatile uintptr_t start, end;
    char *volatile path;
};

struct block {
    struct mapping entries[BLOCK];
    struct block *volatile next;
};

static struct block first;
static struct block *last = &first;
static int used_in_last;
static size_t unmapped;
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
    for (struct block *block = &first; block != NULL; block = block->next) {
        for (int index = 0; index < BLOCK; index++) {
            struct mapping *mapping = &block->entries[index];
            if (mapping->start <= address && address < mapping->end && mapping->path != NULL) {
                static const char head[] = "credc: error: cannot read '";
                static const char tail[] =
                    "': reading it failed (the file got shorter while credc read it, or the disk failed); run credc again\n";
                write_all(head, sizeof head - 1);
                write_all(mapping->path, strlen(mapping->path));
                write_all(tail, sizeof tail - 1);
                _exit(66);
            }
        }
    }
    // Not an input's mapping: the fault is what it would have been without this handler.
    sigaction(SIGBUS, &previous, NULL);
    (void)signal_number;
    (void)context;
}

/// A free entry, under the lock; NULL when memory is out.
static struct mapping *free_entry(void) {
    if (unmapped > 0) {
        for (struct block *block = &first; block != NULL; block = block->next) {
            for (int index = 0; index < BLOCK; index++) {
                if (block->entries[index].end == 0 && block->entries[index].path == NULL
                    && (block != last || index < used_in_last)) {
                    unmapped--;
                    return &block->entries[index];
                }
            }
        }
    }
    if (used_in_last == BLOCK) {
        struct block *block = calloc(1, sizeof *block);
        if (block == NULL) return NULL;
        last->next = block;
        last = block;
        used_in_last = 0;
    }
    return &last->entries[used_in_last++];
}

const unsigned char *credc_map_file(int descriptor, size_t size, const char *path) {
    if (size == 0) return NULL;
    // The path as shown, control characters made visible (it goes straight to a terminal).
    size_t length = strlen(path);
    char *shown = malloc(length + 1);
    if (shown == NULL) return NULL;
    for (size_t index = 0; index < length; index++) {
        unsigned char byte = (unsigned char)path[index];
        shown[index] = byte < 0x20 || byte == 0x7F ? '?' : (char)byte;
    }
    shown[length] = 0;
    pthread_mutex_lock(&lock);
    if (!installed) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = on_bus_error;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        if (sigaction(SIGBUS, &action, &previous) != 0) {
            pthread_mutex_unlock(&lock);
            free(shown);
            return NULL;
        }
        installed = 1;
    }
    struct mapping *entry = free_entry();
    void *base = entry == NULL ? MAP_FAILED : mmap(NULL, size, PROT_READ, MAP_PRIVATE, descriptor, 0);
    if (base == MAP_FAILED) {
        if (entry != NULL) unmapped++;
        pthread_mutex_unlock(&lock);
        free(shown);
        return NULL;
    }
    entry->path = shown;
    entry->start = (uintptr_t)base;
    entry->end = (uintptr_t)base + size;
    pthread_mutex_unlock(&lock);
    return base;
}

void credc_unmap_file(const unsigned char *base, size_t size) {
    pthread_mutex_lock(&lock);
    for (struct block *block = &first; block != NULL; block = block->next) {
        for (int index = 0; index < BLOCK; index++) {
            struct mapping *mapping = &block->entries[index];
            if (mapping->start == (uintptr_t)base && mapping->end != 0) {
                mapping->end = 0;
                mapping->start = 0;
                char *path = mapping->path;
                mapping->path = NULL;
                free(path);
                unmapped++;
            }
        }
    }
    munmap((void *)base, size);
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

void credc_tune_allocator(void) {
#ifdef __GLIBC__
    // glibc's own starting value, fixed: a growing array's freed buffers (a large file's line
    // starts, the model's lists) then go back to the kernel instead of staying as holes.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    // Each heap grows and shrinks by 16 MB, not by what one request needs: a large file's
    // documents are built and freed one after another, and with glibc's default (128 KB) the
    // pages their trees freed at the top were given back and faulted in again (the realistic
    // 10k file: 22,400 page faults instead of 19,100, 3% of the wall time; peak RSS +2 MB).
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}
