package dev.driverlab.share;

import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.LimitExceeded;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self-contained link format, {@code /lab#z=PAYLOAD}, which needs no server storage:
 * <pre>
 *   PAYLOAD = base64url-without-padding( deflate-raw( UTF-8( JSON ) ) )
 *   JSON    = {"v":1, ...the fields of ShareContent: scenario|yaml|source,world,module, commands, cuts, step}
 * </pre>
 * deflate-raw is RFC 1951 with no zlib or gzip header (java.util.zip with {@code nowrap}), so the browser reads it
 * with {@code pako.inflateRaw(bytes, {to: 'string'})} after turning base64url back into bytes, and writes it with
 * {@code pako.deflateRaw}. A fragment never reaches the server in a request, which is why it works offline;
 * {@link #decode} exists for the API ({@code POST /api/links/decode}) and tests.
 */
public final class FragmentCodec {
    public static final int VERSION = 1;
    /** Inflated JSON above this is refused: a 64 KiB scenario and 10,000 commands fit well within it. */
    public static final int MAX_JSON_BYTES = 2 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FragmentCodec() {}

    public static String encode(ShareContent content) {
        ObjectNode node = JSON.createObjectNode().put("v", VERSION);
        node.setAll((ObjectNode) JSON.valueToTree(content));
        byte[] json = JSON.writeValueAsBytes(node);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(json);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 3 + 64);
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
        deflater.end();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    public static ShareContent decode(String payload) {
        byte[] compressed;
        try {
            compressed = Base64.getUrlDecoder().decode(payload.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("the z= payload is not base64url: " + e.getMessage());
        }
        byte[] json = inflate(compressed);
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isObject()) throw new InvalidRequest("the z= payload is not a JSON object");
            ObjectNode object = (ObjectNode) node;
            JsonNode v = object.remove("v");
            if (v != null && v.asInt() != VERSION) {
                throw new InvalidRequest(
                        "the z= payload has format version " + v.asString() + "; this server reads " + VERSION);
            }
            return JSON.treeToValue(object, ShareContent.class);
        } catch (JacksonException e) {
            throw new InvalidRequest("the z= payload is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater(true);
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4 + 64);
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new InvalidRequest("the z= payload is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_JSON_BYTES) {
                    throw new LimitExceeded("the z= payload inflates to over " + MAX_JSON_BYTES + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new InvalidRequest("the z= payload is not deflate-raw data: " + e.getMessage());
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }
}
