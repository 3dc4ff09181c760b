package io.lambdasuite.jobs.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Turns a job's Flink {@link ConfigOption}s into {@code --<key>} CLI flags (one source of truth for names,
 * defaults and descriptions) and the parsed flags back into a {@link Configuration}. Also adds
 * {@code -D<flink-key>=<value>} for any Flink setting (state backend, restart strategy, ...).
 */
public final class ConfigOptionsCli {
    private ConfigOptionsCli() {}

    /** Adds one flag per option, and -D, to a command. */
    public static void addOptions(CommandSpec spec, List<ConfigOption<?>> options) {
        spec.usageMessage().sortOptions(false).abbreviateSynopsis(true);
        for (ConfigOption<?> o : options) {
            boolean flag = o.defaultValue() instanceof Boolean;
            boolean list = o.defaultValue() instanceof List;
            OptionSpec.Builder b = OptionSpec.builder("--" + o.key())
                    .description(new HtmlFormatter().format(o.description()).replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                            + " Default: " + render(o.defaultValue()) + ".")
                    .paramLabel("<" + label(o) + ">")
                    .type(list ? List.class : String.class);
            if (list) {
                b.auxiliaryTypes(String.class);
            }
            if (flag) {
                b.arity("0..1").fallbackValue("true");
            }
            spec.addOption(b.build());
        }
        spec.addOption(OptionSpec.builder("-D")
                .paramLabel("<flink-key=value>")
                .type(Map.class)
                .auxiliaryTypes(String.class, String.class)
                .description("Any Flink configuration, e.g. -Dstate.backend.type=rocksdb. Repeatable.")
                .build());
    }

    /** The options the user set (others keep their defaults), and every -D setting. */
    public static Configuration toConfiguration(CommandSpec spec, List<ConfigOption<?>> options) {
        Configuration conf = new Configuration();
        for (ConfigOption<?> o : options) {
            OptionSpec os = spec.findOption("--" + o.key());
            Object v = os.getValue();
            if (v == null || (v instanceof List && ((List<?>) v).isEmpty())) {
                continue;
            }
            if (v instanceof List) {
                // Set as a list, not as text joined with ';': a value may hold ';' (a JAAS line ends with one).
                @SuppressWarnings("unchecked")
                ConfigOption<List<String>> list = (ConfigOption<List<String>>) o;
                conf.set(list, toStrings((List<?>) v));
                continue;
            }
            String text = v.toString();
            conf.setString(o.key(), text);
            try {
                conf.get(o); // validate now, naming the flag
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value '" + text + "' for --" + o.key() + ": " + e.getMessage());
            }
        }
        Map<?, ?> flink = spec.findOption("-D").getValue();
        if (flink != null) {
            for (Map.Entry<?, ?> e : flink.entrySet()) {
                conf.setString(e.getKey().toString(), String.valueOf(e.getValue()));
            }
        }
        return conf;
    }

    /** The effective value of every option, for logging (secrets never pass through these options). */
    public static Map<String, String> describe(Configuration conf, List<ConfigOption<?>> options) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigOption<?> o : options) {
            Object v = conf.get(o);
            out.put(o.key(), o.key().equals("kafka-property") ? "(" + ((List<?>) v).size() + " set, not shown)" : render(v));
        }
        return out;
    }

    private static List<String> toStrings(List<?> l) {
        List<String> s = new ArrayList<>();
        for (Object o : l) {
            s.add(String.valueOf(o));
        }
        return s;
    }

    private static String label(ConfigOption<?> o) {
        Object d = o.defaultValue();
        if (d instanceof Duration) {
            return "duration";
        }
        if (d instanceof Boolean) {
            return "true|false";
        }
        if (d instanceof Integer || d instanceof Long) {
            return "n";
        }
        if (d instanceof Enum) {
            StringBuilder sb = new StringBuilder();
            for (Object c : ((Enum<?>) d).getDeclaringClass().getEnumConstants()) {
                sb.append(sb.length() == 0 ? "" : "|").append(c.toString().toLowerCase());
            }
            return sb.toString();
        }
        if (d instanceof List) {
            return "k=v";
        }
        return "value";
    }

    static String render(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof Duration) {
            return ((Duration) v).isZero() ? "0" : TimeUtils.formatWithHighestUnit((Duration) v);
        }
        if (v instanceof Enum) {
            return v.toString().toLowerCase();
        }
        if (v instanceof List) {
            return ((List<?>) v).isEmpty() ? "none" : v.toString();
        }
        if (v instanceof String && ((String) v).isEmpty()) {
            return "none";
        }
        return v.toString();
    }
}
