/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ht-clock.h"

static void
test_format (void)
{
  static const struct { double seconds; const char *text; } cases[] = {
    { 0, "0:00" }, { 7.4, "0:07" }, { 59.4, "0:59" }, { 59.5, "1:00" }, { 187, "3:07" },
    { 3599.4, "59:59" }, { 3600, "1:00:00" }, { 7384, "2:03:04" }, { -3, "0:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ht_clock_format (cases[i].seconds);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *text = ht_clock_format (NAN);
    g_assert_cmpstr (text, ==, "0:00");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/clock/format", test_format);
  return g_test_run ();
}
