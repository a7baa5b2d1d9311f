/* Tests for ht-credits: real artist tags and titles (as streaming services and Genius write
 * them), against the shipped origin table, plus hostile input. */
#include "config.h"

#include <string.h>

#include "ht-credits.h"
#include "ht-data-dir.h"

typedef struct
{
  const char *artist;
  const char *title;
  const char *primary;    /* names joined by "|" */
  const char *featured;
  const char *clean;      /* the title without credits */
} CreditCase;

static const CreditCase cases[] = {
  /* Names that contain separators stay whole. */
  { "Eric B. & Rakim", "Paid in Full", "Eric B. & Rakim", "", "Paid in Full" },
  { "Nice & Smooth", "Hip Hop Junkies", "Nice & Smooth", "", "Hip Hop Junkies" },
  { "Salt-N-Pepa", "Push It", "Salt-N-Pepa", "", "Push It" },
  { "Run-DMC", "Walk This Way (feat. Aerosmith)", "Run-DMC", "Aerosmith", "Walk This Way" },
  { "Mary J. Blige", "Family Affair", "Mary J. Blige", "", "Family Affair" },
  { "Rae Sremmurd", "Black Beatles (feat. Gucci Mane)", "Rae Sremmurd", "Gucci Mane", "Black Beatles" },
  { "Mobb Deep", "Shook Ones, Pt. II", "Mobb Deep", "", "Shook Ones, Pt. II" },
  { "Tyler, The Creator", "EARFQUAKE", "Tyler, The Creator", "", "EARFQUAKE" },
  { "Tyler, The Creator feat. A$AP Rocky", "WHO DAT BOY", "Tyler, The Creator", "A$AP Rocky", "WHO DAT BOY" },
  { "8Ball & MJG", "Space Age Pimpin'", "8Ball & MJG", "", "Space Age Pimpin'" },
  { "Paul Wall & Chamillionaire", "N Luv Wit My Money", "Paul Wall & Chamillionaire", "", "N Luv Wit My Money" },
  { "Timbaland & Magoo", "Up Jumps da Boogie (feat. Missy Elliott & Aaliyah)", "Timbaland & Magoo",
    "Missy Elliott|Aaliyah", "Up Jumps da Boogie" },
  { "Capone-N-Noreaga", "T.O.N.Y. (Top of New York)", "Capone-N-Noreaga", "", "T.O.N.Y. (Top of New York)" },
  { "Bone Thugs-N-Harmony", "Tha Crossroads", "Bone Thugs-N-Harmony", "", "Tha Crossroads" },
  { "Wu-Tang Clan", "C.R.E.A.M.", "Wu-Tang Clan", "", "C.R.E.A.M." },
  { "Run the Jewels", "Legend Has It", "Run the Jewels", "", "Legend Has It" },
  { "Black Star", "Respiration (feat. Common)", "Black Star", "Common", "Respiration" },
  { "Madvillain", "Accordion", "Madvillain", "", "Accordion" },
  { "Kool & The Gang", "Celebration", "Kool & The Gang", "", "Celebration" },
  { "Puff Daddy & The Family", "It's All About the Benjamins", "Puff Daddy & The Family", "",
    "It's All About the Benjamins" },
  { "Lil Jon & The East Side Boyz", "Get Low (feat. Ying Yang Twins)", "Lil Jon & The East Side Boyz",
    "Ying Yang Twins", "Get Low" },
  { "Anderson .Paak", "Come Down", "Anderson .Paak", "", "Come Down" },
  /* Several primary artists. */
  { "JAY-Z & Kanye West", "Niggas in Paris", "JAY-Z|Kanye West", "", "Niggas in Paris" },
  { "Future x Lil Uzi Vert", "Patek", "Future|Lil Uzi Vert", "", "Patek" },
  { "Drake & Future", "Jumpman", "Drake|Future", "", "Jumpman" },
  { "Drake & The Weeknd", "Crew Love", "Drake|The Weeknd", "", "Crew Love" },
  { "Lil Nas X & Billy Ray Cyrus", "Old Town Road (Remix)", "Lil Nas X|Billy Ray Cyrus", "",
    "Old Town Road (Remix)" },
  { "Method Man & Redman", "Da Rockwilder", "Method Man|Redman", "", "Da Rockwilder" },
  { "Ghostface Killah & MF DOOM", "Angels", "Ghostface Killah|MF DOOM", "", "Angels" },
  { "Warren G & Nate Dogg", "Regulate", "Warren G|Nate Dogg", "", "Regulate" },
  { "Killer Mike & El-P", "Run the Jewels", "Killer Mike|El-P", "", "Run the Jewels" },
  { "21 Savage & Metro Boomin", "Ghostface Killers (feat. Offset & Travis Scott)",
    "21 Savage|Metro Boomin", "Offset|Travis Scott", "Ghostface Killers" },
  { "Lil Baby & Gunna", "Drip Too Hard", "Lil Baby|Gunna", "", "Drip Too Hard" },
  { "Nas & Damian Marley", "Patience", "Nas|Damian Marley", "", "Patience" },
  { "JAY-Z & T.I.", "Swagga Like Us (feat. Kanye West & Lil Wayne)", "JAY-Z|T.I.",
    "Kanye West|Lil Wayne", "Swagga Like Us" },
  { "Jay Rock, Kendrick Lamar, Future & James Blake", "King's Dead",
    "Jay Rock|Kendrick Lamar|Future|James Blake", "", "King's Dead" },
  { "Kendrick Lamar / SZA", "All the Stars", "Kendrick Lamar|SZA", "", "All the Stars" },
  { "Rae Sremmurd, Swae Lee & Slim Jxmmi", "Powerglide (feat. Juicy J)",
    "Rae Sremmurd|Swae Lee|Slim Jxmmi", "Juicy J", "Powerglide" },
  { "JAY-Z and Kanye West", "Otis", "JAY-Z|Kanye West", "", "Otis" },
  { "Kanye West + Lil Pump", "I Love It (feat. Adele Givens)", "Kanye West|Lil Pump", "Adele Givens",
    "I Love It" },
  { "Jadakiss vs. Styles P", "Verzuz", "Jadakiss|Styles P", "", "Verzuz" },
  /* Guests in the title. */
  { "Rihanna", "Work (feat. Drake)", "Rihanna", "Drake", "Work" },
  { "Kanye West", "All of the Lights (feat. Rihanna & Kid Cudi)", "Kanye West", "Rihanna|Kid Cudi",
    "All of the Lights" },
  { "Travis Scott", "SICKO MODE (feat. Drake)", "Travis Scott", "Drake", "SICKO MODE" },
  { "Travis Scott", "goosebumps (ft. Kendrick Lamar)", "Travis Scott", "Kendrick Lamar", "goosebumps" },
  { "Migos", "Bad and Boujee (feat. Lil Uzi Vert)", "Migos", "Lil Uzi Vert", "Bad and Boujee" },
  { "Lil Nas X", "Old Town Road (feat. Billy Ray Cyrus) [Remix]", "Lil Nas X", "Billy Ray Cyrus",
    "Old Town Road [Remix]" },
  { "DJ Khaled", "Wild Thoughts (feat. Rihanna & Bryson Tiller)", "DJ Khaled", "Rihanna|Bryson Tiller",
    "Wild Thoughts" },
  { "UGK", "Int'l Players Anthem (I Choose You) (feat. OutKast)", "UGK", "OutKast",
    "Int'l Players Anthem (I Choose You)" },
  { "Three 6 Mafia", "Stay Fly (feat. Young Buck, Eightball & MJG)", "Three 6 Mafia",
    "Young Buck|Eightball & MJG", "Stay Fly" },
  { "Mike Jones", "Still Tippin' (feat. Slim Thug & Paul Wall)", "Mike Jones", "Slim Thug|Paul Wall",
    "Still Tippin'" },
  { "The Notorious B.I.G.", "Notorious Thugs (feat. Bone Thugs-N-Harmony)", "The Notorious B.I.G.",
    "Bone Thugs-N-Harmony", "Notorious Thugs" },
  { "2Pac", "California Love (feat. Dr. Dre & Roger Troutman)", "2Pac", "Dr. Dre|Roger Troutman",
    "California Love" },
  { "Dr. Dre", "Still D.R.E. (feat. Snoop Dogg)", "Dr. Dre", "Snoop Dogg", "Still D.R.E." },
  { "A Tribe Called Quest", "Scenario (feat. Leaders of the New School)", "A Tribe Called Quest",
    "Leaders of the New School", "Scenario" },
  { "De La Soul", "Me Myself and I", "De La Soul", "", "Me Myself and I" },
  { "Gucci Mane", "Wake Up in the Sky (with Bruno Mars & Kodak Black)", "Gucci Mane",
    "Bruno Mars|Kodak Black", "Wake Up in the Sky" },
  { "Young Thug", "Hot (Remix) [feat. Gunna & Travis Scott]", "Young Thug", "Gunna|Travis Scott",
    "Hot (Remix)" },
  { "Metro Boomin", "Superhero (Heroes & Villains) [with Future & Chris Brown]", "Metro Boomin",
    "Future|Chris Brown", "Superhero (Heroes & Villains)" },
  { "Juicy J", "Bandz a Make Her Dance (feat. Lil Wayne & 2 Chainz)", "Juicy J", "Lil Wayne|2 Chainz",
    "Bandz a Make Her Dance" },
  { "Nipsey Hussle", "Racks in the Middle (feat. Roddy Ricch & Hit-Boy)", "Nipsey Hussle",
    "Roddy Ricch|Hit-Boy", "Racks in the Middle" },
  { "Cardi B", "I Like It (with Bad Bunny & J Balvin)", "Cardi B", "Bad Bunny|J Balvin", "I Like It" },
  { "Megan Thee Stallion", "Savage Remix (feat. Beyoncé)", "Megan Thee Stallion", "Beyoncé",
    "Savage Remix" },
  { "Post Malone", "Rockstar ft. 21 Savage", "Post Malone", "21 Savage", "Rockstar" },
  { "Eminem", "Love the Way You Lie feat. Rihanna", "Eminem", "Rihanna", "Love the Way You Lie" },
  { "Raekwon", "Ice Cream (feat. Ghostface Killah, Method Man & Cappadonna)", "Raekwon",
    "Ghostface Killah|Method Man|Cappadonna", "Ice Cream" },
  { "The LOX", "Money, Power & Respect (feat. DMX & Lil' Kim)", "The LOX", "DMX|Lil' Kim",
    "Money, Power & Respect" },
  { "Terror Squad", "Lean Back (feat. Fat Joe & Remy Ma)", "Terror Squad", "Fat Joe|Remy Ma", "Lean Back" },
  { "Nas", "If I Ruled the World (Imagine That) (feat. Lauryn Hill)", "Nas", "Lauryn Hill",
    "If I Ruled the World (Imagine That)" },
  { "Mobb Deep", "Quiet Storm (Remix) (feat. Lil' Kim)", "Mobb Deep", "Lil' Kim", "Quiet Storm (Remix)" },
  { "Lil Wayne", "Mrs. Officer (feat. Bobby V. & Kidd Kidd)", "Lil Wayne", "Bobby V.|Kidd Kidd",
    "Mrs. Officer" },
  { "Lil Wayne", "Right Above It (w/ Drake)", "Lil Wayne", "Drake", "Right Above It" },
  { "Big Pun", "Still Not a Player (Featuring Joe)", "Big Pun", "Joe", "Still Not a Player" },
  /* Guests in the artist tag. */
  { "DJ Khaled feat. Drake, Rick Ross & Lil Wayne", "I'm on One", "DJ Khaled",
    "Drake|Rick Ross|Lil Wayne", "I'm on One" },
  { "Kanye West ft. JAY-Z, Rick Ross, Bon Iver & Nicki Minaj", "Monster", "Kanye West",
    "JAY-Z|Rick Ross|Bon Iver|Nicki Minaj", "Monster" },
  { "Chris Brown f/ Tyga & Kevin McCall", "Deuces", "Chris Brown", "Tyga|Kevin McCall", "Deuces" },
  { "Beyoncé featuring JAY-Z", "Crazy in Love", "Beyoncé", "JAY-Z", "Crazy in Love" },
  { "Salt-N-Pepa with En Vogue", "Whatta Man", "Salt-N-Pepa", "En Vogue", "Whatta Man" },
  { "Method Man feat. Mary J. Blige", "I'll Be There for You / You're All I Need to Get By",
    "Method Man", "Mary J. Blige", "I'll Be There for You / You're All I Need to Get By" },
  { "Drake (feat. Rihanna)", "Take Care", "Drake", "Rihanna", "Take Care" },
  { "Kendrick Lamar Feat. Drake", "Poetic Justice", "Kendrick Lamar", "Drake", "Poetic Justice" },
  /* Producer credits and the like are no one. */
  { "Lil Wayne", "A Milli (prod. by Bangladesh)", "Lil Wayne", "", "A Milli" },
  { "Future", "Mask Off [Prod. Metro Boomin]", "Future", "", "Mask Off" },
  { "Kanye West", "Mercy (Produced by Lifted)", "Kanye West", "", "Mercy" },
  { "Nas", "N.Y. State of Mind (Remastered 2009)", "Nas", "", "N.Y. State of Mind (Remastered 2009)" },
  { "Big Sean", "Bounce Back (Explicit)", "Big Sean", "", "Bounce Back (Explicit)" },
  /* A guest who is also a primary artist is listed once. */
  { "Drake & Future", "Big Rings (feat. Future)", "Drake|Future", "", "Big Rings" },
  /* Tags with stray spacing. */
  { "  Wiz Khalifa ", "See You Again  (feat.  Charlie Puth )", "Wiz Khalifa", "Charlie Puth",
    "See You Again" },
};

static HtOriginTable *
shipped_table (void)
{
  g_autofree char *table = ht_data_dir_find_shipped ("artists/origins.tsv");
  g_autofree char *aliases = ht_data_dir_find_shipped ("artists/aliases.tsv");
  g_autoptr(GError) error = NULL;
  HtOriginTable *t = ht_origin_table_new_from_files (table, aliases, NULL, &error);

  g_assert_no_error (error);
  return t;
}

static char *
join (GPtrArray *names)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i)
        g_string_append_c (s, '|');
      g_string_append (s, g_ptr_array_index (names, i));
    }
  return g_string_free (s, FALSE);
}

static void
test_real_world (void)
{
  g_autoptr(HtOriginTable) table = shipped_table ();
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const CreditCase *c = &cases[i];
      g_autoptr(HtCredits) credits = ht_credits_parse (c->artist, c->title, table);
      g_autofree char *primary = join (credits->primary);
      g_autofree char *featured = join (credits->featured);

      if (strcmp (primary, c->primary) || strcmp (featured, c->featured)
          || strcmp (credits->title, c->clean))
        g_string_append_printf (failures, "\n  [%s] [%s] -> [%s] [%s] [%s], expected [%s] [%s] [%s]",
                                c->artist, c->title, primary, featured, credits->title, c->primary,
                                c->featured, c->clean);
    }
  if (failures->len)
    g_error ("%u cases:%s", (guint) G_N_ELEMENTS (cases), failures->str);
  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 60);
}

static void
test_without_table (void)
{
  /* With nothing known, separators cut, except before "The" and at weak ones. */
  static const CreditCase plain[] = {
    { "Nice & Smooth", NULL, "Nice|Smooth", "", "" },
    { "Nice and Smooth", NULL, "Nice and Smooth", "", "" },
    { "Kool & the Gang", NULL, "Kool & the Gang", "", "" },
    { "AC/DC", NULL, "AC/DC", "", "" },
    { "11/5", NULL, "11/5", "", "" },
    { "Salt-N-Pepa", NULL, "Salt-N-Pepa", "", "" },
    { "Lil Nas X x Jack Harlow", NULL, "Lil Nas X|Jack Harlow", "", "" },
    { "A, B, and C", NULL, "A|B|C", "", "" },
    { NULL, "Song (feat. A & B)", "", "A|B", "Song" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autoptr(HtCredits) credits = ht_credits_parse (plain[i].artist, plain[i].title, NULL);
      g_autofree char *primary = join (credits->primary);
      g_autofree char *featured = join (credits->featured);

      g_assert_cmpstr (primary, ==, plain[i].primary);
      g_assert_cmpstr (featured, ==, plain[i].featured);
      g_assert_cmpstr (credits->title, ==, plain[i].clean);
    }
}

static void
test_hostile (void)
{
  g_autoptr(HtOriginTable) table = shipped_table ();
  g_autofree char *huge = g_strnfill (10000, 'a');
  g_autofree char *many = NULL;
  GString *s = g_string_new (NULL);
  static const char *const odd[] = {
    "", " ", "&", " & ", "feat.", "feat. ", "(", ")", "((((", "[feat. ", "(feat.)", ",,,,",
    " x x x ", "/ / /", "ft", "Drake feat.", "\xff\xfe feat. \xfd", "(with)", "w/", "f/",
  };

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (s, "Artist %u & ", i);
  many = g_string_free (s, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autoptr(HtCredits) a = ht_credits_parse (odd[i], odd[i], table);
      g_assert_nonnull (a->primary);
      g_assert_nonnull (a->title);
      for (guint k = 0; k < a->primary->len; k++)
        g_assert_cmpstr (g_ptr_array_index (a->primary, k), !=, "");
    }
  {
    g_autoptr(HtCredits) a = ht_credits_parse (huge, huge, table);
    g_autoptr(HtCredits) b = ht_credits_parse (many, many, table);
    g_autoptr(HtCredits) c = ht_credits_parse (NULL, NULL, NULL);

    g_assert_cmpuint (a->primary->len, ==, 0);   /* not a name */
    g_assert_cmpuint (b->primary->len, ==, 100);   /* past the search limit: cut everywhere */
    g_assert_cmpuint (c->primary->len, ==, 0);
    g_assert_cmpuint (c->featured->len, ==, 0);
    g_assert_cmpstr (c->title, ==, "");
  }
  ht_credits_free (NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/credits/real-world", test_real_world);
  g_test_add_func ("/engine/credits/without-table", test_without_table);
  g_test_add_func ("/engine/credits/hostile", test_hostile);
  return g_test_run ();
}
