#ifndef CREDC_MAPPED_FILE_H
#define CREDC_MAPPED_FILE_H

#include <stddef.h>

/// Maps the first `size` bytes of the open file `descriptor` read-only, or returns NULL (then
/// read the file instead). A bus error on the mapping, which is what touching it does once the
/// file has shrunk under it, ends the process with a message naming `path` and exit code 66.
const unsigned char *credc_map_file(int descriptor, size_t size, const char *path);

/// Unmaps what credc_map_file returned.
void credc_unmap_file(const unsigned char *base, size_t size);

/// Drops the whole pages of [base + offset, base + offset + length) from memory; the next read
/// of them reads the file again (from the page cache). The bytes seen do not change.
void credc_release_pages(const unsigned char *base, size_t size, size_t offset, size_t length);

/// Makes glibc's malloc serve every allocation from 128 KiB by its own mapping, returned when
/// freed. By default the threshold rises to the size of each such block freed (up to 32 MiB),
/// after which large, short-lived buffers come from the heap and leave holes in it.
void credc_tune_allocator(void);

#endif
