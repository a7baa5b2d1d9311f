/* fuzz-safetensors.h: the safetensors fuzz harness, shared by libFuzzer
 * (tools/fuzz-safetensors.sh) and the replay test (fuzz-safetensors-replay.c). */
#pragma once

#include <stddef.h>
#include <stdint.h>

int          LLVMFuzzerTestOneInput (const uint8_t *data,
                                     size_t         size);

/* How many inputs the reader accepted so far (the rest it rejected with an error). */
extern unsigned fuzz_safetensors_n_accepted;
