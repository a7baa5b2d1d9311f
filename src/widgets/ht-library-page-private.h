/* ht-library-page-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-library-page.h"

G_BEGIN_DECLS

GtkColumnView *_ht_library_page_get_column_view (HtLibraryPage *self);
/* The rows in the order shown. */
GListModel    *_ht_library_page_get_rows        (HtLibraryPage *self);
/* The summary as one line of text, e.g. "East: 2 tracks, 1 from there; …; 1 without a verdict". */
char          *_ht_library_page_dup_summary     (HtLibraryPage *self);
/* The text of a cell: `column` is the column's index, `row` the shown row. */
char          *_ht_library_page_dup_cell_text   (HtLibraryPage *self,
                                                 guint          column,
                                                 guint          row);

G_END_DECLS
