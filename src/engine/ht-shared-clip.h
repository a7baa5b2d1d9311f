/* ht-shared-clip.h: the audio model's window of a track, filled by a decode of the whole track
 * running on another thread (the spectrogram's), so that the window is not decoded twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _HtSharedClip HtSharedClip;

/* The mono samples at HT_AUDIO_RATE from `start` to `end` seconds into the track. */
HtSharedClip *ht_shared_clip_new    (double        start,
                                     double        end);
HtSharedClip *ht_shared_clip_ref    (HtSharedClip *self);
void          ht_shared_clip_unref  (HtSharedClip *self);

double        ht_shared_clip_get_start (HtSharedClip *self);
double        ht_shared_clip_get_end   (HtSharedClip *self);
/* The same in samples of the track at HT_AUDIO_RATE: [*first, *end). */
void          ht_shared_clip_get_span  (HtSharedClip *self,
                                        gsize        *first,
                                        gsize        *end);

/* Decoder side: samples[0] is sample `position` of the track. Keeps the part that continues
 * what the clip holds; anything else (before it, after a gap, once full) is ignored. */
void          ht_shared_clip_offer  (HtSharedClip *self,
                                     gsize         position,
                                     const float  *samples,
                                     gsize         n_samples);
/* The decode that fills it has ended, however it ended: waiters stop waiting. */
void          ht_shared_clip_close  (HtSharedClip *self);
/* Blocks until the clip is full (its samples, valid as long as `self`) or closed short of it,
 * or `cancellable` fires (NULL both times). */
const float  *ht_shared_clip_wait   (HtSharedClip *self,
                                     gsize        *n_samples,
                                     GCancellable *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtSharedClip, ht_shared_clip_unref)

G_END_DECLS
