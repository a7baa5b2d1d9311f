/* fuzz-harness.h: what a fuzz harness (tests/fuzz/fuzz-<target>.c) gives both libFuzzer
 * (tools/fuzz.sh) and the replay test (fuzz-replay.c, built once per harness). */
#pragma once

#include <stddef.h>
#include <stdint.h>

int          LLVMFuzzerTestOneInput (const uint8_t *data,
                                     size_t         size);

/* How many inputs the harness accepted so far (the rest it rejected with an error). */
extern unsigned fuzz_n_accepted;

/* Tokens the replay driver's mutator inserts besides its own (JSON syntax, numbers and the
 * safetensors header's keys). */
extern const char * const fuzz_tokens[];
extern const unsigned fuzz_n_tokens;
