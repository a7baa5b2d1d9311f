/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-widgets"

#include "config.h"

#include "ht-delayed-spinner.h"
#include "ht-engine-types.h"
#include "ht-hometown-popover.h"
#include "ht-library-page.h"
#include "ht-map-view.h"
#include "ht-prediction-card.h"
#include "ht-resources.h"
#include "ht-spectrogram-view.h"
#include "ht-timeline-view.h"
#include "ht-track.h"
#include "ht-track-list.h"
#include "ht-track-page.h"
#include "ht-track-row.h"
#include "ht-widgets.h"

void
ht_widgets_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* Registered by hand: a constructor in a static library may never be linked in. */
      ht_register_resource ();
      g_type_ensure (HT_TYPE_TRACK);
      g_type_ensure (HT_TYPE_TRACK_LIST);
      g_type_ensure (HT_TYPE_PREDICTION);
      g_type_ensure (HT_TYPE_DELAYED_SPINNER);
      g_type_ensure (HT_TYPE_SPECTROGRAM_VIEW);
      g_type_ensure (HT_TYPE_TIMELINE_VIEW);
      g_type_ensure (HT_TYPE_PREDICTION_CARD);
      g_type_ensure (HT_TYPE_MAP_VIEW);
      g_type_ensure (HT_TYPE_HOMETOWN_POPOVER);
      g_type_ensure (HT_TYPE_TRACK_ROW);
      g_type_ensure (HT_TYPE_TRACK_PAGE);
      g_type_ensure (HT_TYPE_LIBRARY_PAGE);
      g_once_init_leave (&done, 1);
    }
}
