/* SPDX-License-Identifier: GPL-2.0-or-later */
/* remote-viewer's hotkeys: which names there are, their key words as GTK
 * accelerators, and the --hotkeys syntax. One place for the command line,
 * .vv files and what is remembered per VM. */
#include "qv-hotkeys.h"

#include "qv-i18n.h"

#include <string.h>

static const char *const names[] = {
  "toggle-fullscreen", "release-cursor", "secure-attention", "zoom-in",          "zoom-out",
  "zoom-reset",        "smartcard-insert", "smartcard-remove", "usb-device-reset",
};

gboolean
qv_hotkeys_is_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i], name))
      return TRUE;
  return FALSE;
}

char *
qv_hotkeys_to_accelerator (const char *keys)
{
  /* remote-viewer's modifier words and GTK's names for them. */
  static const struct {
    const char *word, *gtk;
  } modifiers[] = {
    { "ctrl", "<Ctrl>" },   { "control", "<Ctrl>" }, { "alt", "<Alt>" },
    { "shift", "<Shift>" }, { "super", "<Super>" },  { "meta", "<Meta>" },
    { "hyper", "<Hyper>" },
  };
  /* Short key names the consoles write (Proxmox: "Ctrl+Alt+Ins") that
   * are not GDK's. */
  static const struct {
    const char *word, *gdk;
  } aliases[] = {
    { "ins", "Insert" }, { "del", "Delete" },  { "esc", "Escape" },
    { "pgup", "Page_Up" }, { "pgdn", "Page_Down" },
  };
  g_auto (GStrv) words = NULL;
  g_autoptr (GString) accel = g_string_new (NULL);
  guint n;

  if (keys == NULL)
    return NULL;
  words = g_strsplit (keys, "+", -1);
  n = g_strv_length (words);
  if (n == 0)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      char *word = g_strstrip (words[i]);
      gboolean modifier = FALSE;

      if (*word == '\0')
        return NULL;
      for (guint m = 0; m < G_N_ELEMENTS (modifiers) && i + 1 < n; m++)
        if (g_ascii_strcasecmp (word, modifiers[m].word) == 0)
          {
            g_string_append (accel, modifiers[m].gtk);
            modifier = TRUE;
            break;
          }
      if (!modifier && i + 1 < n)
        return NULL;
      if (modifier)
        continue;
      {
        const char *name = word;

        for (guint a = 0; a < G_N_ELEMENTS (aliases); a++)
          if (g_ascii_strcasecmp (word, aliases[a].word) == 0)
            name = aliases[a].gdk;
        g_string_append (accel, name);
      }
    }
  return g_string_free (g_steal_pointer (&accel), FALSE);
}

char **
qv_hotkeys_parse (const char *spec, GError **error)
{
  g_auto (GStrv) items = g_strsplit (spec, ",", -1);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      const char *eq = strchr (item, '=');
      g_autofree char *name = NULL;
      g_autofree char *accel = NULL;
      g_autofree char *keys = NULL;

      if (*item == '\0')
        continue;
      name = eq != NULL ? g_strndup (item, (gsize) (eq - item)) : g_strdup (item);
      g_strstrip (name);
      if (!qv_hotkeys_is_name (name))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("'%s' is not a hotkey (toggle-fullscreen, release-cursor, "
                         "secure-attention, zoom-in, zoom-out, zoom-reset, smartcard-insert, "
                         "smartcard-remove, usb-device-reset)"),
                       name);
          return NULL;
        }
      keys = g_strstrip (g_strdup (eq != NULL ? eq + 1 : ""));
      accel = qv_hotkeys_to_accelerator (keys);
      if (accel == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("hotkey %s: '%s' is not a key with modifiers (e.g. shift+f11)"), name,
                       keys);
          return NULL;
        }
      /* A name given again replaces the earlier one. */
      for (guint j = 0; j < out->len; j++)
        {
          const char *had = out->pdata[j];

          if (strncmp (had, name, strlen (name)) == 0 && had[strlen (name)] == '=')
            {
              g_ptr_array_remove_index (out, j);
              break;
            }
        }
      g_ptr_array_add (out, g_strdup_printf ("%s=%s", name, keys));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

char *
qv_hotkeys_join (const char *const *hotkeys)
{
  return hotkeys != NULL ? g_strjoinv (",", (char **) hotkeys) : g_strdup ("");
}
