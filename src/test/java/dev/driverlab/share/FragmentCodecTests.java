package dev.driverlab.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.session.History;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.LimitExceeded;
import dev.driverlab.session.ScenarioSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class FragmentCodecTests {

    @Test
    void contentSurvivesARoundTrip() {
        ShareContent content = new ShareContent(
                null,
                null,
                "static int x;",
                new ScenarioSpec.WorldSpec(2, List.of(new DeviceSpec("d", "platform", 17))),
                "m",
                null,
                null,
                List.of("insmod m", "irq 17"),
                List.of(new History.Cut(1, 40)),
                40L);
        assertThat(FragmentCodec.decode(FragmentCodec.encode(content))).isEqualTo(content);
    }

    @Test
    void aDriverOfTwoModulesSurvivesARoundTrip() {
        ShareContent content = new ShareContent(
                null,
                null,
                null,
                null,
                "a",
                Map.of("a.c", "int a;", "b.c", "int b;", "ab.h", "#define AB 1"),
                Map.of("a", List.of("a.c"), "b", List.of("b.c")),
                List.of("insmod a", "insmod b"),
                List.of(),
                null);
        ShareContent back = FragmentCodec.decode(FragmentCodec.encode(content));
        assertThat(back).isEqualTo(content);
        assertThat(back.spec().sources()).containsOnlyKeys("a.c", "b.c", "ab.h");
        assertThat(back.spec().modules()).containsOnlyKeys("a", "b");
    }

    @Test
    void thePayloadIsBase64UrlOfRawDeflateOfVersionedJson() throws Exception {
        String z = FragmentCodec.encode(ShareContent.of(
                ScenarioSpec.builtIn("devm-irq-tasklet"), History.of(List.of("insmod devm_irq_tasklet")), null));
        assertThat(z).matches("[A-Za-z0-9_-]+"); // no padding, nothing a URL fragment would need escaped
        // What pako.inflateRaw does: RFC 1951 with no zlib header.
        Inflater raw = new Inflater(true);
        raw.setInput(Base64.getUrlDecoder().decode(z));
        byte[] out = new byte[4096];
        int n = raw.inflate(out);
        assertThat(raw.finished()).isTrue();
        assertThat(new String(out, 0, n, StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"scenario\":\"devm-irq-tasklet\",\"commands\":[\"insmod devm_irq_tasklet\"]}");
    }

    @Test
    void aPayloadWrittenAsPakoDeflateRawWouldBeReadBack() {
        // pako.deflateRaw at its default level 6 produces a different, equally valid stream than ours.
        String json = "{\"v\":1,\"scenario\":\"devm-irq-tasklet\","
                + "\"commands\":[\"insmod devm_irq_tasklet\"],\"step\":3}";
        Deflater d = new Deflater(6, true);
        d.setInput(json.getBytes(StandardCharsets.UTF_8));
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        String z = Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
        ShareContent c = FragmentCodec.decode(z);
        assertThat(c.scenario()).isEqualTo("devm-irq-tasklet");
        assertThat(c.step()).isEqualTo(3L);
    }

    @Test
    void garbageIsABadRequest() {
        assertThatThrownBy(() -> FragmentCodec.decode("not base64!")).isInstanceOf(InvalidRequest.class);
        assertThatThrownBy(() -> FragmentCodec.decode("AAAA")).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void anOtherFormatVersionIsRefused() {
        Deflater d = new Deflater(9, true);
        d.setInput("{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        d.finish();
        byte[] buf = new byte[64];
        int n = d.deflate(buf);
        String z = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(buf, n));
        assertThatThrownBy(() -> FragmentCodec.decode(z))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void aPayloadThatInflatesToMegabytesIsTooLarge() {
        byte[] zeros = new byte[FragmentCodec.MAX_JSON_BYTES + 1];
        Deflater d = new Deflater(9, true);
        d.setInput(zeros);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        String z = Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
        assertThatThrownBy(() -> FragmentCodec.decode(z)).isInstanceOf(LimitExceeded.class);
    }
}
