package io.lambdasuite.udfs.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ISO 3166-1 alpha-2 code of an organization's country, or of its location, reference-schema.md §2 ("ours").
 *
 * <p>The country list is the JDK's ISO data ({@link Locale#getISOCountries()} with English display names), plus
 * the alternative names in {@code country-aliases.tsv} beside this class ("USA", "UK", "Viet Nam", ...). One
 * text is matched like this, case-insensitively and ignoring accents and punctuation:
 * <ol>
 *   <li>the whole trimmed text is a 2-letter ISO code ({@code "DE"}, {@code "de"}), or a country name;
 *   <li>otherwise the longest country name contained in the text as whole words ({@code "Lagos, Nigeria"} is NG:
 *       "Niger" does not match inside "Nigeria"); between two names of the same length, the later one wins,
 *       since addresses end with the country;
 *   <li>otherwise nothing. Codes are never looked for inside a longer text, so "in" or "de" in a sentence is
 *       not India or Germany.
 * </ol>
 * {@link #codeOf} matches the {@code country} column first and falls back to {@code location} when country is
 * empty <em>or matches nothing</em> (the reference only names the empty case; an unrecognised country such as
 * "N/A" carries no information, so the location is the better evidence), and returns {@code 'XX'} when neither
 * matches.
 *
 * <p>Everything is computed once when the class loads and is immutable; a call canonicalises the text once and
 * does a few hash lookups (no regular expressions), as it runs for every organization version in the stream.
 */
public final class CountryCodes {
    public static final String UNKNOWN = "XX";

    /** Classpath resource, relative to this class, with the alternative names. */
    static final String ALIASES_RESOURCE = "country-aliases.tsv";

    /** Upper-case ISO 3166-1 alpha-2 codes. */
    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    /** Canonical name (see {@link #canonical}) to its code. */
    private static final Map<String, String> NAMES;

    /** The most words any canonical name has: bounds the windows tried inside a text. */
    private static final int MAX_NAME_WORDS;

    static {
        Map<String, String> names = new HashMap<>();
        for (String code : CODES) {
            String english = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
            for (String variant : variants(english)) {
                names.putIfAbsent(variant, code);
            }
        }
        // Explicit aliases override a derived name with the same spelling.
        names.putAll(loadAliases());
        NAMES = Map.copyOf(names);
        int max = 1;
        for (String name : NAMES.keySet()) {
            max = Math.max(max, wordCount(name));
        }
        MAX_NAME_WORDS = max;
    }

    private CountryCodes() {}

    /** The code of {@code country}, else of {@code location}; 'XX' when neither matches. Null reads as empty. */
    public static String codeOf(String country, String location) {
        String code = match(country);
        if (code == null) {
            code = match(location);
        }
        return code == null ? UNKNOWN : code;
    }

    /** The code of one text by the rules of this class, or null when nothing matches. */
    public static String match(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() == 2) {
            String upper = trimmed.toUpperCase(Locale.ROOT);
            if (CODES.contains(upper)) {
                return upper;
            }
        }
        String canon = canonical(trimmed);
        if (canon.isEmpty()) {
            return null;
        }
        String exact = NAMES.get(canon);
        if (exact != null) {
            return exact;
        }
        return longestContained(canon);
    }

    /**
     * The longest name made of consecutive whole words of {@code canon}. Canonical text has single spaces
     * between words, so a window of words is a plain substring between a word start and a word end.
     */
    private static String longestContained(String canon) {
        int n = wordCount(canon);
        int[] starts = new int[n];
        int[] ends = new int[n];
        int w = 0;
        starts[0] = 0;
        for (int i = 0; i < canon.length(); i++) {
            if (canon.charAt(i) == ' ') {
                ends[w++] = i;
                starts[w] = i + 1;
            }
        }
        ends[w] = canon.length();

        String best = null;
        int bestLength = 0;
        for (int first = 0; first < n; first++) {
            int lastLimit = Math.min(n, first + MAX_NAME_WORDS);
            for (int last = first; last < lastLimit; last++) {
                int length = ends[last] - starts[first];
                if (length < bestLength) {
                    continue;
                }
                String code = NAMES.get(canon.substring(starts[first], ends[last]));
                if (code != null) {
                    // >= : of two names of equal length, the later one wins.
                    best = code;
                    bestLength = length;
                }
            }
        }
        return best;
    }

    /**
     * The form both names and texts are compared in: accents removed, lower case, every run of characters that
     * are not letters or digits replaced by one space, '&amp;' read as the word "and", no leading or trailing
     * space. "Côte d’Ivoire" and "cote d'ivoire" both become {@code "cote d ivoire"}.
     */
    static String canonical(String text) {
        String s = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(s.length());
        boolean separator = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isLetterOrDigit(ch)) {
                if (separator && b.length() > 0) {
                    b.append(' ');
                }
                separator = false;
                b.append(Character.toLowerCase(ch));
            } else if (ch == '&') {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append("and");
                separator = true;
            } else if (!isCombiningMark(ch)) {
                separator = true;
            }
            // combining marks (the accents split off by NFD) are dropped without separating the word
        }
        return b.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCombiningMark(char ch) {
        int type = Character.getType(ch);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static int wordCount(String canon) {
        int n = 1;
        for (int i = 0; i < canon.length(); i++) {
            if (canon.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /**
     * Canonical spellings of one JDK display name: the name itself, without a parenthesised part
     * ("Myanmar (Burma)" also as "Myanmar"), and with "St." spelled out ("St. Lucia" also as "Saint Lucia").
     */
    private static Set<String> variants(String displayName) {
        String base = displayName.replaceAll("\\s*\\([^)]*\\)", "");
        Set<String> out = new LinkedHashSet<>();
        for (String name : new String[] {displayName, base}) {
            String canon = canonical(name);
            if (canon.isEmpty()) {
                continue;
            }
            out.add(canon);
            if (canon.startsWith("st ")) {
                out.add("saint " + canon.substring(3));
            }
        }
        return out;
    }

    private static Map<String, String> loadAliases() {
        Map<String, String> aliases = new HashMap<>();
        try (InputStream in = CountryCodes.class.getResourceAsStream(ALIASES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + ALIASES_RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                String where = ALIASES_RESOURCE + " line " + lineNo + ": ";
                if (fields.length != 2) {
                    throw new IllegalStateException(where + "expected <name> TAB <code>");
                }
                String canon = canonical(fields[0]);
                String code = fields[1].strip().toUpperCase(Locale.ROOT);
                if (canon.isEmpty() || !CODES.contains(code)) {
                    throw new IllegalStateException(where + "empty name or unknown ISO code '" + fields[1] + "'");
                }
                String previous = aliases.put(canon, code);
                if (previous != null && !previous.equals(code)) {
                    throw new IllegalStateException(where + "'" + fields[0] + "' already maps to " + previous);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return aliases;
    }
}
