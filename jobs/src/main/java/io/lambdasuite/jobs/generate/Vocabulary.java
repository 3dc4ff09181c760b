package io.lambdasuite.jobs.generate;

/** Word lists the generator draws names, places and repositories from. */
final class Vocabulary {
    private Vocabulary() {}

    static final String[] FIRST_NAMES = {
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
        "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yusuf", "zainab", "amara", "bjorn",
        "chen", "dmitri", "eun-ji", "fatima", "giulia", "hiro", "ines", "jamal", "kofi", "lea", "mateo", "nadia",
        "oren", "priya", "quentin", "rosa", "sven", "tariq", "uma", "vera", "wei", "ximena", "yara", "zoltan"
    };

    static final String[] LAST_NAMES = {
        "Smith", "Müller", "García", "Okafor", "Nakamura", "Kowalski", "Rossi", "Dubois", "Johansson", "Novák",
        "Singh", "O'Brien", "Zhang", "Ivanova", "Haddad", "Mensah", "Silva", "Kim", "Nguyen", "Fischer", "Søndergaard"
    };

    /** Display names that are not plain ASCII, so encoders and truncation are exercised on multi-byte text. */
    static final String[] UNICODE_NAMES = {
        "José Álvarez", "Zoë Brontë", "李雷", "Ngozi Ọkafọ", "Łukasz Żółw", "Ανδρέας", "Дмитрий"
    };

    static final String[] BOT_NAMES = {
        "dependabot[bot]", "renovate[bot]", "github-actions[bot]", "codecov-commenter", "k8s-ci-robot", "zuul",
        "mergify[bot]", "stale[bot]"
    };

    static final String[] COMPANIES = {
        "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Tyrell",
        "Cyberdyne", "Soylent", "Vandelay", "Wonka", "Aperture", "Black Mesa", "Oscorp", "Gringotts", "Monsters Inc",
        "Pied Piper", "Massive Dynamic", "Nakatomi"
    };

    /**
     * (country, location) pairs as people type them: names, codes, cities only, both empty, and the pairs a naive
     * substring match gets wrong ("Nigeria" contains "Niger").
     */
    static final String[][] PLACES = {
        {"Germany", "Berlin, Germany"}, {"", "Berlin, Germany"}, {"Germany", ""}, {"DE", "Munich"},
        {"Nigeria", "Lagos"}, {"", "Lagos, Nigeria"}, {"Niger", "Niamey"}, {"", "Niamey, Niger"},
        {"US", ""}, {"United States", "San Francisco, CA"}, {"", "Austin, Texas, United States"},
        {"United Kingdom", "London"}, {"", "London, UK"}, {"India", "Bengaluru, India"}, {"india", ""},
        {"France", "Paris"}, {"", "Paris, France"}, {"Brazil", "São Paulo"}, {"Japan", "Tokyo"},
        {"", "Remote"}, {"", ""}, {"", ""}, {"Dominica", ""}, {"Dominican Republic", "Santo Domingo"},
        {"", "Sydney, Australia"}, {"Canada", "Toronto, ON"}, {"", "Zürich, Switzerland"}
    };

    /** Project groups (segment grandparents). */
    static final String[] GROUPS = {"Linux Foundation", "CNCF", "OpenJS", "LF AI & Data", "Apache", "Eclipse"};

    /** Project and repository name parts. */
    static final String[] PROJECTS = {
        "widgets", "gizmo", "kube-proxy", "envoy", "zephyr", "otel-collector", "hyperledger", "node-red",
        "pytorch-lite", "iceberg", "flink-cdc", "jaeger", "prometheus", "etcd", "containerd", "cilium", "dapr",
        "argo", "backstage", "keda", "linkerd", "vitess", "harbor", "falco", "thanos", "cortex", "tikv", "rook"
    };

    static final String[] OWNERS = {
        "acme", "CrowdDotDev", "linuxfoundation", "OpenTelemetry", "cncf", "Eclipse-Foundation", "zephyrproject-rtos",
        "apache", "kubernetes-sigs", "OpenJS"
    };

    static final String[] DISCORD_CHANNELS = {"general", "help", "dev", "announcements", "showcase"};
    static final String[] SLACK_CHANNELS = {"#general", "#random", "#contributors", "#ci-alerts", "#release"};

    static final String[] BIOS = {
        "Open source enthusiast", "Maintainer", "SRE by day", "", "Cloud native \uD83D\uDE80", "Rustacean",
        "Line one\nline two", "Quote: \"ship it\""
    };
}
