/* ht-data-dir.h: where Hometown's shipped data (models, geography, origins) and the user's own
 * data (trained models, corrections, edited lyrics) live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Path of a shipped data file, e.g. "models/lyrics.safetensors", searched in
 * $HOMETOWN_DATADIR, the installed pkgdatadir, then the source tree's data/ (so an uninstalled
 * build works). Returns NULL if none exists. */
char *ht_data_dir_find_shipped (const char *relative_path);

/* $XDG_DATA_HOME/hometown/<relative_path> (not created). */
char *ht_data_dir_user_path    (const char *relative_path);

G_END_DECLS
