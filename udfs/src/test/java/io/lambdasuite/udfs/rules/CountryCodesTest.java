package io.lambdasuite.udfs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CountryCodesTest {

    /** Matches one text through the country column, no location. */
    private static String code(String text) {
        return CountryCodes.codeOf(text, "");
    }

    @Nested
    class WholeText {
        @ParameterizedTest(name = "''{0}'' -> {1}")
        @CsvSource({
            "DE, DE",
            "de, DE",
            "' De ', DE",
            "Germany, DE",
            "GERMANY, DE",
            "'  germany  ', DE",
            "Niger, NE",
            "Nigeria, NG",
            "IN, IN",
            "United States, US",
            "Côte d’Ivoire, CI",
            "Cote d'Ivoire, CI",
            "COTE D IVOIRE, CI",
            "Bosnia & Herzegovina, BA",
            "Bosnia and Herzegovina, BA",
            "Saint Lucia, LC",
            "St. Lucia, LC",
            "Guinea-Bissau, GW",
            "Guinea Bissau, GW",
            "Åland Islands, AX",
            "Aland Islands, AX",
            "Myanmar (Burma), MM",
            "Timor-Leste, TL",
        })
        void aCodeOrANameAsTheWholeText(String text, String expected) {
            assertThat(code(text)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "''{0}'' -> {1}")
        @CsvSource({
            "USA, US",
            "U.S.A., US",
            "United States of America, US",
            "UK, GB",
            "U.K., GB",
            "Great Britain, GB",
            "England, GB",
            "South Korea, KR",
            "Republic of Korea, KR",
            "'Korea, Republic of', KR",
            "North Korea, KP",
            "Russia, RU",
            "Russian Federation, RU",
            "Czech Republic, CZ",
            "Czechia, CZ",
            "The Netherlands, NL",
            "Holland, NL",
            "Viet Nam, VN",
            "Vietnam, VN",
            "Turkey, TR",
            "Türkiye, TR",
            "Ivory Coast, CI",
            "Hong Kong, HK",
            "Burma, MM",
            "UAE, AE",
            "DR Congo, CD",
            "Congo, CG",
            "Deutschland, DE",
            "España, ES",
            "Espana, ES",
        })
        void aShippedAlias(String text, String expected) {
            assertThat(code(text)).isEqualTo(expected);
        }

        @Test
        void everyIsoCodeMatchesItselfAndItsJdkEnglishName() {
            for (String iso : Locale.getISOCountries()) {
                assertThat(code(iso)).as(iso).isEqualTo(iso);
                assertThat(code(iso.toLowerCase(Locale.ROOT))).as(iso).isEqualTo(iso);
                String name = new Locale("", iso).getDisplayCountry(Locale.ENGLISH);
                assertThat(code(name)).as(name).isEqualTo(iso);
                assertThat(code("Somewhere, " + name)).as(name).isEqualTo(iso);
            }
        }
    }

    @Nested
    class InsideText {
        @ParameterizedTest(name = "''{0}'' -> {1}")
        @CsvSource({
            "'Berlin, Germany', DE",
            "'Lagos, Nigeria', NG",
            "'Niamey, Niger', NE",
            "'Abuja - Nigeria', NG",
            "'Bissau, Guinea-Bissau', GW",
            "'Conakry, Guinea', GN",
            "'Port Moresby, Papua New Guinea', PG",
            "'Malabo (Equatorial Guinea)', GQ",
            "'Juba, South Sudan', SS",
            "'Khartoum, Sudan', SD",
            "'Santo Domingo, Dominican Republic', DO",
            "'Roseau, Dominica', DM",
            "'Pago Pago, American Samoa', AS",
            "'Apia, Samoa', WS",
            "'Belfast, Northern Ireland', GB",
            "'Dublin, Ireland', IE",
            "'San Francisco, CA, USA', US",
            "'London, UK', GB",
            "'Seoul, South Korea', KR",
            "'Ho Chi Minh City, Viet Nam', VN",
            "'Amsterdam, The Netherlands', NL",
            "'Prague, Czech Republic', CZ",
            "'Moscow, Russia', RU",
            "'Kinshasa, DR Congo', CD",
            "'Abidjan, Côte d’Ivoire', CI",
            "'Sarajevo, Bosnia & Herzegovina', BA",
            "'SÃO PAULO, BRAZIL', BR",
            "'Remote (Brazil)', BR",
            "'mumbai,india', IN",
            "'Albuquerque, New Mexico', US",
            "'Sydney, New South Wales, Australia', AU",
            "'Hoboken, New Jersey', US",
        })
        void theLongestNameAsWholeWords(String text, String expected) {
            assertThat(code(text)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {
            "Nigerian Army HQ",     // "Niger" and "Nigeria" only as whole words
            "Indiana",              // not India
            "Indianapolis",
            "Romanian border",      // "Oman" and "Romania" only as whole words
            "Somalian coast",       // "Mali" inside
            "Work from home in de office", // codes are never searched inside a text
            "Contact us",
            "Chadwick",
            "Peruvian",
        })
        void notInsideLongerWordsAndNoCodesInsideText(String text) {
            assertThat(code(text)).isEqualTo("XX");
        }

        @Test
        void ofTwoNamesTheLongerWins() {
            assertThat(code("Niger and Nigeria")).isEqualTo("NG");
            assertThat(code("Guinea / Equatorial Guinea")).isEqualTo("GQ");
        }

        @Test
        void ofTwoNamesOfTheSameLengthTheLaterWins() {
            // addresses end with the country
            assertThat(code("Peru, Togo")).isEqualTo("TG");
            assertThat(code("Togo, Peru")).isEqualTo("PE");
        }
    }

    @Nested
    class CountryThenLocation {
        @Test
        void countryWinsOverLocation() {
            assertThat(CountryCodes.codeOf("Germany", "Paris, France")).isEqualTo("DE");
            assertThat(CountryCodes.codeOf("de", "Paris, France")).isEqualTo("DE");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        void locationIsUsedWhenCountryIsEmpty(String country) {
            assertThat(CountryCodes.codeOf(country, "Lagos, Nigeria")).isEqualTo("NG");
        }

        @Test
        void locationIsUsedWhenCountryMatchesNothing() {
            assertThat(CountryCodes.codeOf("N/A", "Berlin, Germany")).isEqualTo("DE");
            assertThat(CountryCodes.codeOf("Mars", "Niger")).isEqualTo("NE");
        }

        @Test
        void xxWhenNothingMatches() {
            assertThat(CountryCodes.codeOf("", "")).isEqualTo("XX");
            assertThat(CountryCodes.codeOf(null, null)).isEqualTo("XX");
            assertThat(CountryCodes.codeOf("Mars", "")).isEqualTo("XX");
            assertThat(CountryCodes.codeOf("Mars", "Olympus Mons")).isEqualTo("XX");
            assertThat(CountryCodes.codeOf("", "Remote")).isEqualTo("XX");
            assertThat(CountryCodes.codeOf("XX", null)).as("XX is not an ISO code").isEqualTo("XX");
            assertThat(CountryCodes.codeOf("---", "?!")).isEqualTo("XX");
            assertThat(CountryCodes.UNKNOWN).isEqualTo("XX");
        }
    }

    @Test
    void matchReturnsNullWhenNothingMatches() {
        assertThat(CountryCodes.match(null)).isNull();
        assertThat(CountryCodes.match("")).isNull();
        assertThat(CountryCodes.match("Mars")).isNull();
        assertThat(CountryCodes.match("Mars, Germany")).isEqualTo("DE");
    }

    @Test
    void canonicalFormFoldsCaseAccentsPunctuationAndAmpersand() {
        assertThat(CountryCodes.canonical("  Côte d’Ivoire ")).isEqualTo("cote d ivoire");
        assertThat(CountryCodes.canonical("St. Kitts & Nevis")).isEqualTo("st kitts and nevis");
        assertThat(CountryCodes.canonical("Guinea-Bissau")).isEqualTo("guinea bissau");
        assertThat(CountryCodes.canonical("U.S.A.")).isEqualTo("u s a");
        assertThat(CountryCodes.canonical("Réunion")).isEqualTo("reunion");
        assertThat(CountryCodes.canonical("...")).isEmpty();
    }

    @Test
    void isFastEnoughForEveryDimensionVersion() {
        String[] texts = {"Berlin, Germany", "Lagos, Nigeria", "1600 Amphitheatre Parkway, Mountain View, CA 94043, USA",
            "Mars", "", "de", "Some long street name 12, 80331 München, Bayern, Deutschland"};
        // warm up, then a generous bound that only catches a pathological regression (e.g. regex per call)
        for (int i = 0; i < 20_000; i++) {
            CountryCodes.codeOf(texts[i % texts.length], texts[(i + 3) % texts.length]);
        }
        long start = System.nanoTime();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            CountryCodes.codeOf(texts[i % texts.length], texts[(i + 3) % texts.length]);
        }
        long micros = (System.nanoTime() - start) / 1000;
        assertThat(micros / (double) n).as("microseconds per call").isLessThan(50.0);
    }
}
