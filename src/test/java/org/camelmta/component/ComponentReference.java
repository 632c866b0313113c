package org.camelmta.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders the option and header reference of docs/component.md from the component JSON that
 * camel-package-maven-plugin generates from the component's annotations and Javadoc.
 */
final class ComponentReference {

    static final String JSON = "/META-INF/org/camelmta/component/smtp-delivery.json";
    static final String BEGIN = "<!-- BEGIN generated reference: do not edit, see ComponentReferenceIsDocumentedTest -->";
    static final String END = "<!-- END generated reference -->";

    private ComponentReference() {
    }

    static JsonNode load() throws IOException {
        try (InputStream in = ComponentReference.class.getResourceAsStream(JSON)) {
            if (in == null) {
                throw new IllegalStateException(JSON + " is not on the class path: run the build's process-classes phase");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    /** The Markdown between {@link #BEGIN} and {@link #END}, markers excluded. */
    static String render(JsonNode json) {
        JsonNode c = json.get("component");
        StringBuilder md = new StringBuilder();
        md.append("\nURI syntax: `").append(c.get("syntax").asText()).append("`, producer only, ")
                .append(c.get("async").asBoolean() ? "asynchronous" : "synchronous").append(".\n\n");
        md.append("### Component options\n\n");
        options(md, json.get("componentProperties"));
        md.append("\n### Endpoint options\n\n");
        options(md, json.get("properties"));
        md.append("\n### Message headers\n\n");
        md.append("| Header | Java type | Required | Description |\n|---|---|---|---|\n");
        for (Map.Entry<String, JsonNode> h : entries(json.get("headers"))) {
            JsonNode v = h.getValue();
            md.append("| `").append(h.getKey()).append("` | `").append(v.get("javaType").asText()).append("` | ")
                    .append(v.get("required").asBoolean() ? "yes" : "no").append(" | ")
                    .append(cell(v.get("description").asText())).append(" |\n");
        }
        return md.toString();
    }

    private static void options(StringBuilder md, JsonNode options) {
        md.append("| Option | Group | Default | Type | Description |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, JsonNode> o : entries(options)) {
            JsonNode v = o.getValue();
            String type = v.get("type").asText();
            if (v.has("enum")) {
                List<String> values = new ArrayList<>();
                v.get("enum").forEach(e -> values.add(e.asText()));
                type = "one of " + String.join(", ", values);
            } else if (type.equals("object")) {
                type = "`" + v.get("javaType").asText() + "`";
            }
            String kind = v.get("kind").asText().equals("path") ? " (path)" : "";
            md.append("| `").append(o.getKey()).append('`').append(kind).append(" | ").append(v.get("group").asText())
                    .append(" | ").append(v.has("defaultValue") ? "`" + v.get("defaultValue").asText() + "`" : "")
                    .append(" | ").append(type).append(" | ").append(cell(v.get("description").asText())).append(" |\n");
        }
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        it.forEachRemaining(list::add);
        return list;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
