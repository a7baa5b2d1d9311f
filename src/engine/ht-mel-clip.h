/* ht-mel-clip.h: the mel-dB spectrogram of a track's analysis clip, the audio CNN's input, with
 * a disk cache so that training epochs and re-evaluations never decode twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ht-audio-decoder.h"
#include "ht-shared-clip.h"
#include "htc-spectro.h"

G_BEGIN_DECLS

/* Where ht_mel_clip_get found a clip. */
typedef enum
{
  HT_MEL_CLIP_DECODED,       /* decoded its window from the file */
  HT_MEL_CLIP_FROM_CACHE,
  HT_MEL_CLIP_FROM_SHARED,   /* samples from a whole-track decode elsewhere */
} HtMelClipSource;

typedef struct
{
  guint      n_mels;
  guint      n_frames;
  float     *db;           /* [n_mels][n_frames], band 0 lowest; power_to_db(ref 1, top 80 dB) */
  HtClipKind clip_kind;
  double     clip_start;   /* seconds */
  double     clip_end;
} HtMelClip;

/* Decodes the clip of `request` and computes its mel dB spectrogram. Blocking. */
HtMelClip *ht_mel_clip_compute   (GFile                  *file,
                                  const HtcSpectroParams *params,
                                  const HtClipRequest    *request,
                                  GCancellable           *cancellable,
                                  GError                **error);
/* The same through the cache in $XDG_CACHE_HOME/hometown/audio-features/, keyed by the file's
 * path, size and modification time and by the parameters. Cached values are quantised to
 * 80/255 dB steps. *source (may be NULL) says where the clip came from. A cache entry
 * that cannot be read or written is ignored (a warning in the log), never an error.
 * `shared` (may be NULL): the request's window as a whole-track decode elsewhere fills it
 * (the caller made it for what `request` picks, a HT_CLIP_WINDOW); on a cache miss its samples
 * are waited for and used, and the clip is decoded here only if it closes short of them. */
HtMelClip *ht_mel_clip_get       (GFile                  *file,
                                  const HtcSpectroParams *params,
                                  const HtClipRequest    *request,
                                  HtSharedClip           *shared,
                                  HtMelClipSource        *source,
                                  GCancellable           *cancellable,
                                  GError                **error);
void       ht_mel_clip_free      (HtMelClip              *clip);
/* Patches of patch_frames frames every hop frames; a clip shorter than a patch gives one patch,
 * filled by repeating the clip. */
guint      ht_mel_clip_n_patches (const HtMelClip        *clip,
                                  guint                   patch_frames,
                                  guint                   hop);
/* Copies the patch starting at frame `offset` into out [n_mels][patch_frames], wrapping around
 * the clip's end when it is too short. */
void       ht_mel_clip_get_patch (const HtMelClip        *clip,
                                  guint                   offset,
                                  guint                   patch_frames,
                                  float                  *out);
/* The cache directory ($XDG_CACHE_HOME/hometown/audio-features). */
char      *ht_mel_clip_cache_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtMelClip, ht_mel_clip_free)

G_END_DECLS
