/* ht-player.h: plays one track's audio through GStreamer's playbin (sound only), for listening
 * along the spectrogram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main-thread object: bus messages and the position clock run on the main context it was made
 * in. :position is updated about 30 times a second while playing (a timeout, not a busy loop).
 * A failure stops playback, sets :error and emits ::error once; the message names the file
 * ("Cannot play “x.mp3”: …").
 *
 * The environment variable HOMETOWN_AUDIO_SINK, when set, is a gst-launch description of the
 * sink to use instead of autoaudiosink — e.g. "fakesink sync=true" on machines without a sound
 * card (the tests do this).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  HT_PLAYER_STATE_STOPPED,
  HT_PLAYER_STATE_PLAYING,
  HT_PLAYER_STATE_PAUSED,
} HtPlayerState;

#define HT_TYPE_PLAYER_STATE (ht_player_state_get_type ())
GType ht_player_state_get_type (void) G_GNUC_CONST;

#define HT_TYPE_PLAYER (ht_player_get_type ())
G_DECLARE_FINAL_TYPE (HtPlayer, ht_player, HT, PLAYER, GObject)

HtPlayer      *ht_player_new          (void);

/* Setting another file (or NULL) stops playback and clears :error. */
GFile         *ht_player_get_file     (HtPlayer *self);
void           ht_player_set_file     (HtPlayer *self,
                                       GFile    *file);
HtPlayerState  ht_player_get_state    (HtPlayer *self);
/* Seconds from the start of the track; 0 when stopped. */
double         ht_player_get_position (HtPlayer *self);
/* Seconds; 0 until known (once playback has started). */
double         ht_player_get_duration (HtPlayer *self);
/* Why the last attempt to play failed; NULL when it did not. */
const GError  *ht_player_get_error    (HtPlayer *self);

void           ht_player_play         (HtPlayer *self);
void           ht_player_pause        (HtPlayer *self);
/* Playing -> paused; paused or stopped -> playing. */
void           ht_player_toggle       (HtPlayer *self);
/* Stops and releases the file and the audio device; :position returns to 0. */
void           ht_player_stop         (HtPlayer *self);
/* Jumps to `seconds` (clamped to the track). When stopped, the player pauses there. */
void           ht_player_seek         (HtPlayer *self,
                                       double    seconds);

G_END_DECLS
