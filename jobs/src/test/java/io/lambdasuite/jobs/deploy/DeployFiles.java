package io.lambdasuite.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The repository's deploy/ directory and the build facts its files must agree with, read from the poms (the
 * shaded jar's name and main class, the Flink version): the tests compare the two instead of repeating either.
 */
final class DeployFiles {
    static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {}

    /** The repository root: the nearest directory above the working directory that holds deploy/standalone. */
    static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("deploy/standalone"))) {
                return d;
            }
        }
        throw new IllegalStateException("no deploy/standalone above " + dir);
    }

    static Path deploy(String relative) {
        return root().resolve("deploy").resolve(relative);
    }

    /** Every file under deploy/{@code dir} whose name ends with {@code suffix}, sorted. */
    static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(deploy(dir))) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted()
                    .toList();
        }
    }

    /** Every YAML document of a file (Kubernetes files may hold several, separated by ---). */
    static List<JsonNode> yamlDocuments(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /** The single document of a file that holds one. */
    static JsonNode yaml(Path file) throws IOException {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " documents, expected 1");
        }
        return docs.get(0);
    }

    /** The project version (root pom). */
    static String projectVersion() throws Exception {
        return text(child(pom("pom.xml"), "version"));
    }

    /** A property of the root pom, e.g. flink.version. */
    static String rootProperty(String name) throws Exception {
        return text(child(child(pom("pom.xml"), "properties"), name));
    }

    /** The shaded jar's file name, as the shade plugin of jobs/pom.xml names it. */
    static String shadedJarName() throws Exception {
        String finalName = text(child(child(shadePlugin(), "executions", "execution", "configuration"), "finalName"));
        return finalName.replace("${project.version}", projectVersion()) + ".jar";
    }

    /** The shaded jar's path relative to the repository root. */
    static String shadedJarPath() throws Exception {
        return "jobs/target/" + shadedJarName();
    }

    /** The Main-Class the shade plugin writes into the jar's manifest. */
    static String shadedMainClass() throws Exception {
        NodeList transformers = ((Element) child(shadePlugin(), "executions", "execution", "configuration",
                "transformers")).getElementsByTagName("mainClass");
        if (transformers.getLength() != 1) {
            throw new IllegalStateException("expected one mainClass in the shade configuration");
        }
        return text(transformers.item(0));
    }

    private static Element shadePlugin() throws Exception {
        NodeList plugins = pom("jobs/pom.xml").getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element p = (Element) plugins.item(i);
            if ("maven-shade-plugin".equals(text(child(p, "artifactId")))) {
                return p;
            }
        }
        throw new IllegalStateException("no maven-shade-plugin in jobs/pom.xml");
    }

    private static Element pom(String relative) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(root().resolve(relative).toFile());
        return doc.getDocumentElement();
    }

    /** The first child element along a path of element names. */
    private static Node child(Node parent, String... names) {
        Node current = parent;
        for (String name : names) {
            Node found = null;
            for (Node n = current.getFirstChild(); n != null && found == null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(n.getNodeName())) {
                    found = n;
                }
            }
            if (found == null) {
                throw new IllegalStateException("no <" + name + "> under <" + current.getNodeName() + ">");
            }
            current = found;
        }
        return current;
    }

    private static String text(Node n) {
        return n.getTextContent().trim();
    }
}
