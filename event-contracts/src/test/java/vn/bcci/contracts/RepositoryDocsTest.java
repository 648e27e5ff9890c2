package vn.bcci.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The repository documents itself: every file reference and link points inside it (a clone has nothing beside it),
 * every {@code docs/domain.md §N} names a section that exists, and the topic catalogue of docs/architecture.md is the
 * one of the AsyncAPI document, {@link Topics} and {@link EventTypes}.
 */
class RepositoryDocsTest {
    private static final Path ROOT = root();
    private static final Set<String> TEXT = Set.of("md", "java", "properties", "yaml", "yml", "sql", "sh", "xml",
            "html", "json", "txt", "run");
    private static final Pattern MD_FILE = Pattern.compile("(?<![\\w/.:-])((?:\\.{1,2}/|[\\w-]+/)*[\\w-]+\\.md)\\b");
    private static final Pattern MD_LINK = Pattern.compile("\\]\\(([^)\\s#]+)(?:#[^)]*)?\\)");
    /** The folder beside the repository the project's first documents came from (spelt so as not to match here). */
    private static final String BESIDE = "../" + "shared";
    private static final String BESIDE_DOCS = "shared" + "/docs";
    private static final Pattern SECTION = Pattern.compile("domain\\.md §(\\d+)(?:[–-]§(\\d+))?");

    @Test
    void everyReferenceToAFilePointsInsideTheRepository() throws IOException {
        List<String> outside = new ArrayList<>();
        Set<String> sections = domainSections();
        for (Path file : textFiles()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String where = ROOT.relativize(file).toString();
            if (text.contains(BESIDE) || text.contains(BESIDE_DOCS)) {
                outside.add(where + ": points at " + BESIDE + ", which a clone does not have");
            }
            Matcher m = MD_FILE.matcher(text);
            while (m.find()) {
                if (!resolves(file, m.group(1))) {
                    outside.add(where + ": " + m.group(1) + " is not in the repository");
                }
            }
            if (where.endsWith(".md")) {
                Matcher link = MD_LINK.matcher(text);
                while (link.find()) {
                    String target = link.group(1);
                    if (!target.matches("^[a-z]+:.*") && !Files.exists(file.getParent().resolve(target))) {
                        outside.add(where + ": link " + target + " leads nowhere");
                    }
                }
            }
            Matcher section = SECTION.matcher(text);
            while (section.find()) {
                for (int g = 1; g <= 2; g++) {
                    if (section.group(g) != null && !sections.contains(section.group(g))) {
                        outside.add(where + ": docs/domain.md has no §" + section.group(g));
                    }
                }
            }
        }
        assertEquals(List.of(), outside);
    }

    /**
     * A class the documentation names as where a rule lives is there: {@code `module` `package/Class`} (or
     * {@code package.Class}, {@code Class.method}) in that module's sources, and a bare {@code `package/Class`} in some
     * module's. A package renamed under the docs leaves them pointing at nothing (domain.md named {@code service/} and
     * {@code domain/} packages the services no longer have).
     */
    @Test
    void everyClassTheDocsNameIsWhereTheySay() throws IOException {
        List<String> sources;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            sources = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> "/" + ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.contains("/target/")).toList();
        }
        Pattern located = Pattern.compile("(?:`([a-z][a-z-]+)` )?`((?:[a-z]+[./])*[A-Z][A-Za-z0-9]*)(?:\\.\\w+)?`");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path file : textFiles()) {
            String where = ROOT.relativize(file).toString();
            if (!where.endsWith(".md")) {
                continue;
            }
            Matcher m = located.matcher(Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*", " "));
            while (m.find()) {
                String module = m.group(1);
                String path = m.group(2).replace('.', '/');
                if (module == null && !path.contains("/")
                        || module != null && !Files.isDirectory(ROOT.resolve(module))) {
                    continue; // a plain word in capitals, or not a module
                }
                checked++;
                String prefix = module == null ? "/" : "/" + module + "/";
                if (sources.stream().noneMatch(s -> s.startsWith(prefix) && s.endsWith("/" + path + ".java"))) {
                    wrong.add(where + ": " + m.group() + " names no class there");
                }
            }
        }
        assertTrue(checked >= 15, "the docs' code locations are read: " + checked);
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyAlertRuleHasItsSectionInTheRunbook() throws IOException {
        Set<String> alerts = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$")
                .matcher(Files.readString(ROOT.resolve("deploy/observability/alerts.yml")));
        while (m.find()) {
            alerts.add(m.group(1));
        }
        Set<String> sections = Files.readAllLines(ROOT.resolve("docs/runbook.md")).stream()
                .filter(l -> l.startsWith("### ")).map(l -> l.substring(4).trim()).collect(Collectors.toSet());
        assertTrue(alerts.size() >= 10, "the alert rules are read: " + alerts);
        Set<String> missing = new TreeSet<>(alerts);
        missing.removeAll(sections);
        assertTrue(missing.isEmpty(), "alerts without a section in docs/runbook.md: " + missing);
        for (String alert : alerts) {
            assertTrue(Files.readString(ROOT.resolve("deploy/observability/alerts.yml"))
                    .contains("docs/runbook.md#" + alert.toLowerCase(java.util.Locale.ROOT)), alert + " links to it");
        }
    }

    @Test
    void theTopicCatalogueIsTheAsyncApiDocuments() throws IOException {
        Map<String, Set<String>> documented = new TreeMap<>();
        Pattern row = Pattern.compile("^\\| `([a-z.0-9-]+)` \\|[^|]*\\|[^|]*\\|([^|]*)\\|[^|]*\\| (\\d+) \\|$");
        for (String line : Files.readAllLines(ROOT.resolve("docs/architecture.md"))) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                documented.put(m.group(1), types(m.group(2)));
                assertEquals(Topics.partitions(m.group(1)), Integer.parseInt(m.group(3)),
                        m.group(1) + ": docs/architecture.md's partitions are Topics.partitions'");
            }
        }
        Map<String, Set<String>> asyncApi = asyncApiChannels();
        assertEquals(asyncApi, documented, "docs/architecture.md's topics and types are the AsyncAPI document's");
        assertEquals(constants(Topics.class), documented.keySet(), "and Topics'");
        assertEquals(constants(EventTypes.class), documented.values().stream().flatMap(Set::stream)
                .collect(Collectors.toCollection(TreeSet::new)), "and EventTypes'");
    }

    /** Channel address → the CloudEvents types of its messages, read from the AsyncAPI document. */
    private static Map<String, Set<String>> asyncApiChannels() throws IOException {
        List<String> lines = Files
                .readAllLines(ROOT.resolve("event-contracts/src/main/resources/contracts/asyncapi.yaml"));
        Map<String, String> messageOfChannel = new LinkedHashMap<>();
        Map<String, String> typeOfMessage = new LinkedHashMap<>();
        String address = null;
        String message = null;
        boolean inChannels = false;
        boolean inMessages = false;
        for (String line : lines) {
            if (line.matches("^[a-z]+:.*")) {
                inChannels = line.startsWith("channels:");
            }
            if (line.matches("^  messages:\\s*$")) {
                inMessages = true;
            } else if (line.matches("^  [a-zA-Z]+:.*")) {
                inMessages = false;
            }
            Matcher a = Pattern.compile("^\\s+address: (\\S+)").matcher(line);
            if (inChannels && a.find()) {
                address = a.group(1);
                messageOfChannel.putIfAbsent(address, "");
            }
            Matcher ref = Pattern.compile("\\$ref: '#/components/messages/(\\w+)'").matcher(line);
            if (inChannels && ref.find()) {
                messageOfChannel.merge(address, ref.group(1), (x, y) -> x.isEmpty() ? y : x + "," + y);
            }
            Matcher name = Pattern.compile("^    (\\w+):\\s*$").matcher(line);
            if (inMessages && name.find()) {
                message = name.group(1);
            }
            Matcher type = Pattern.compile("^      name: (\\S+)").matcher(line);
            if (inMessages && type.find()) {
                typeOfMessage.put(message, type.group(1));
            }
        }
        Map<String, Set<String>> channels = new TreeMap<>();
        messageOfChannel.forEach((topic, messages) -> channels.put(topic, Arrays.stream(messages.split(","))
                .map(typeOfMessage::get).filter(t -> t != null && t.startsWith("vn.bcci."))
                .collect(Collectors.toCollection(TreeSet::new))));
        return channels;
    }

    private static Set<String> types(String cell) {
        Matcher m = Pattern.compile("`(vn\\.bcci\\.[^`]+)`").matcher(cell);
        Set<String> types = new TreeSet<>();
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    private static Set<String> constants(Class<?> holder) {
        Set<String> values = new TreeSet<>();
        for (Field f : holder.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    values.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    private static Set<String> domainSections() throws IOException {
        Set<String> sections = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^## (\\d+)\\. ").matcher(Files.readString(ROOT.resolve("docs/domain.md")));
        while (m.find()) {
            sections.add(m.group(1));
        }
        assertTrue(sections.size() >= 8, "docs/domain.md has its numbered sections");
        return sections;
    }

    /** A name resolves beside the file, from the repository's root, or in docs/ (how SQL comments cite it). */
    private static boolean resolves(Path file, String name) {
        return Files.exists(file.getParent().resolve(name).normalize()) && file.getParent().resolve(name).normalize()
                .startsWith(ROOT) || Files.exists(ROOT.resolve(name))
                || Files.exists(ROOT.resolve("docs").resolve(name));
    }

    private static List<Path> textFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                String rel = ROOT.relativize(p).toString();
                return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/")
                        && !rel.startsWith(".local-stack") && !rel.contains("node_modules")
                        && !rel.startsWith("bench/results/");
            }).filter(p -> {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                return TEXT.contains(dot < 0 ? name : name.substring(dot + 1)) || name.startsWith("Dockerfile");
            }).sorted().toList();
        }
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/README.md above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
