/* ht-credits.h: who is on a track, from its artist tag and its title.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "feat.", "ft.", "featuring", "f/", "w/" and "(with X)" introduce guests; "X & Y", "X, Y & Z",
 * "X x Y", "X / Y", "X + Y" and "X vs. Y" list several artists. "(prod. by X)" credits are
 * dropped; "(Remix)", "(Live)" and the like stay in the title and name nobody.
 *
 * Names that contain those words are kept whole when the origin table knows them ("Eric B. &
 * Rakim", "Nice & Smooth", "Tyler, The Creator"): the list is cut where it covers the most
 * known names with the fewest pieces. " and " and an unspaced "/" or "&" cut only between two
 * known names ("JAY-Z and Kanye West", but "Nice and Smooth", "AC/DC"). With no table, or for
 * unknown names, "&", ",", "x", "/" and "+" cut, except before an unknown "The ..." ("Kool & the
 * Gang", "Lil Jon & The East Side Boyz"; but "Drake & The Weeknd").
 */
#pragma once

#include <glib.h>

#include "ht-origin-table.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *primary;    /* char *: the main artists, in order; never NULL */
  GPtrArray *featured;   /* char *: the guests, in order, none of them also primary */
  char      *title;      /* the title without its guest and producer credits; "" if none */
} HtCredits;

/* Either string may be NULL. `table` (may be NULL) keeps known names whole. */
HtCredits *ht_credits_parse (const char    *artist,
                             const char    *title,
                             HtOriginTable *table);
void       ht_credits_free  (HtCredits     *credits);   /* NULL-safe */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtCredits, ht_credits_free)

G_END_DECLS
