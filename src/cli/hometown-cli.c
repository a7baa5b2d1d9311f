/* hometown-cli: placeholder entry point, replaced as the commands land. */
#include "config.h"
#include <glib.h>
int
main (int argc, char *argv[])
{
  g_print ("hometown-cli %s\n", PACKAGE_VERSION);
  return 0;
}
