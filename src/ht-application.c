/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-application.h"
#include "ht-preferences-window.h"
#include "ht-train-window.h"
#include "ht-widgets.h"
#include "ht-window.h"

struct _HtApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (HtApplication, ht_application, ADW_TYPE_APPLICATION)

static HtWindow *
get_window (HtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (HT_IS_WINDOW (window))
    return HT_WINDOW (window);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (HT_IS_WINDOW (l->data))
      return l->data;
  return ht_window_new (self);
}

static void
ht_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (get_window (HT_APPLICATION (application))));
}

/* Every way in — `hometown FILE...`, a drop, the Open dialogs — ends here. */
static void
ht_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  HtWindow *window = get_window (HT_APPLICATION (application));

  ht_window_open_files (window, files, (guint) n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_files_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  HtWindow *window = get_window (user_data);

  gtk_window_present (GTK_WINDOW (window));
  ht_window_choose_files (window, FALSE);
}

static void
open_folder_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HtWindow *window = get_window (user_data);

  gtk_window_present (GTK_WINDOW (window));
  ht_window_choose_files (window, TRUE);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HtApplication *self = user_data;
  GtkWindow *preferences = ht_preferences_window_new (self->settings);

  gtk_window_set_transient_for (preferences, GTK_WINDOW (get_window (self)));
  gtk_window_present (preferences);
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  HtWindow *window = get_window (user_data);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Hometown contributors", NULL };
  HtApplication *self = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_window (self),
                        "application-name", _("Hometown"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Hear where a hip-hop track comes from: East, West, South "
                                      "or Midwest, from its sound and from its lyrics.\n\n"
                                      "The lyrics model learned from about 39,000 songs by 575 US "
                                      "hip-hop artists, each labelled with the region of the "
                                      "artist’s hometown, and its figures come from artists it "
                                      "never saw. The sound model learns from your own music, on "
                                      "your computer, because no labelled hip-hop audio can ship "
                                      "with the app."),
                        "website", "https://github.com/hometownapp/hometown",
                        "issue-url", "https://github.com/hometownapp/hometown/issues",
                        "developers", developers,
                        "copyright", "© 2024 The Hometown contributors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* The data the app ships: its licences require the credit (GeoNames) or ask for it. */
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("US State Outlines"),
                                      _("US Census Bureau, cartographic boundary files"),
                                      GTK_LICENSE_CUSTOM, _("Public domain."));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Canada and Mexico Outlines"),
                                      _("Made with Natural Earth (naturalearthdata.com)"),
                                      GTK_LICENSE_CUSTOM, _("Public domain."));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Place Names and Coordinates"),
                                      _("GeoNames (geonames.org)"),
                                      GTK_LICENSE_CUSTOM,
                                      _("Licensed under <a href=\"https://creativecommons.org/"
                                        "licenses/by/4.0/\">Creative Commons Attribution 4.0</a>."));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Artist Hometowns"),
                                      _("Compiled from public hip-hop origin tables and "
                                        "Wikipedia birthplace lists"),
                                      GTK_LICENSE_CUSTOM,
                                      _("Facts (places), checked and corrected by the Hometown "
                                        "contributors; your own corrections stay on your "
                                        "computer."));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Lyrics Model"),
                                      _("Trained on lyrics published on Genius, used for training "
                                        "and evaluation only"),
                                      GTK_LICENSE_CUSTOM,
                                      _("No lyrics are included in the app: the model holds "
                                        "word statistics and weights only."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
train_audio_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HtApplication *self = user_data;
  GtkWindow *train = NULL;

  /* One training window: a second Train… brings it back. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (HT_IS_TRAIN_WINDOW (l->data))
      train = l->data;
  if (train == NULL)
    train = GTK_WINDOW (ht_train_window_new (get_window (self)));
  gtk_window_present (train);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  HtApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing runs each window's close-request, which saves its size and cancels its work. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "open-files", open_files_action },
  { "open-folder", open_folder_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
  { "train-audio", train_audio_action },
  { "quit", quit_action },
};

static void
ht_application_startup (GApplication *application)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.open-files", { "<Control>o", NULL } },
    { "app.open-folder", { "<Control><Shift>o", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.remove-track", { "Delete", NULL } },
    { "win.show-library", { "<Control>l", NULL } },
  };
  HtApplication *self = HT_APPLICATION (application);

  /* Before the parent: AdwApplication loads style.css from the resource base path. */
  ht_widgets_init ();
  G_APPLICATION_CLASS (ht_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
ht_application_dispose (GObject *object)
{
  HtApplication *self = HT_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ht_application_parent_class)->dispose (object);
}

static void
ht_application_class_init (HtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ht_application_dispose;
  app_class->activate = ht_application_activate;
  app_class->open = ht_application_open;
  app_class->startup = ht_application_startup;
}

static void
ht_application_init (HtApplication *self)
{
  /* The schema id does not change with the .Devel profile: one set of preferences. */
  self->settings = g_settings_new ("io.github.hometownapp.Hometown");
}

HtApplication *
ht_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  return g_object_new (HT_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       /* The same resources whatever the profile's id. */
                       "resource-base-path", HT_RESOURCE_BASE,
                       NULL);
}

GSettings *
ht_application_get_settings (HtApplication *self)
{
  g_return_val_if_fail (HT_IS_APPLICATION (self), NULL);
  return self->settings;
}
