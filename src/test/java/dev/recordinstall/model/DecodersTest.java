package dev.recordinstall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DNS, TLS and HTTP decoders on real bytes (made by make-bytes.py with Python's ssl, socket and
 * http.client modules) and on truncated, mutated and random bytes (never throw).
 */
class DecodersTest {
  static byte[] res(String name) throws IOException {
    try (InputStream in = DecodersTest.class.getResourceAsStream(name)) {
      assertNotNull(in, "missing test resource " + name + " (see make-bytes.py)");
      return in.readAllBytes();
    }
  }

  @Test
  void tlsClientHelloFromPythonSsl() throws IOException {
    byte[] b = res("tls-clienthello.bin");
    assertTrue(TlsDecoder.looksLikeClientHello(b));
    assertEquals("files.pythonhosted.example", TlsDecoder.sni(b));
    // strace -s 256 shows only the first 256 bytes: the SNI extension comes early enough
    assertEquals("files.pythonhosted.example", TlsDecoder.sni(Arrays.copyOf(b, 256)));
  }

  @Test
  void tlsRejectsOtherBytes() throws IOException {
    assertNull(TlsDecoder.sni(res("http-request.bin")));
    assertNull(TlsDecoder.sni(res("dns-query.bin")));
    assertNull(TlsDecoder.sni(new byte[0]));
    assertNull(TlsDecoder.sni(null));
  }

  @Test
  void httpRequestFromPythonHttpClient() throws IOException {
    HttpDecoder.Request r = HttpDecoder.decode(res("http-request.bin"));
    assertNotNull(r);
    assertEquals("GET /simple/django/ HTTP/1.1", r.requestLine());
    assertEquals("index.example:8080", r.host());
    assertNull(HttpDecoder.decode(res("tls-clienthello.bin")));
    HttpDecoder.Request cut = HttpDecoder.decode("POST /x HTTP/1.0\r\nHo".getBytes());
    assertEquals("POST /x HTTP/1.0", cut.requestLine());
    assertNull(cut.host());
  }

  @Test
  void dnsQueryAndResponse() throws IOException {
    DnsDecoder.Message q = DnsDecoder.decode(res("dns-query.bin"));
    assertNotNull(q);
    assertEquals(0x1234, q.id());
    assertTrue(!q.response());
    assertEquals(List.of(new DnsDecoder.Question("evil.example", "A")), q.questions());
    DnsDecoder.Message r = DnsDecoder.decode(res("dns-response.bin"));
    assertNotNull(r);
    assertTrue(r.response());
    assertEquals("evil.example", r.questions().get(0).name());
    assertEquals(List.of("192.0.2.7", "2001:db8::7"), r.addresses());
    assertEquals("cdn.evil.example", r.answers().get(0).data());
    assertEquals("CNAME", r.answers().get(0).type());
  }

  @Test
  void dnsOverTcpHasALengthPrefix() throws IOException {
    byte[] q = res("dns-query.bin");
    byte[] tcp = new byte[q.length + 2];
    tcp[1] = (byte) q.length;
    System.arraycopy(q, 0, tcp, 2, q.length);
    assertEquals("evil.example", DnsDecoder.decodeTcp(tcp).questions().get(0).name());
  }

  @Test
  void dnsPointerLoopIsBounded() {
    // header + a name that points at itself
    byte[] b = {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
    assertNull(DnsDecoder.decode(b));
  }

  @Test
  void truncatedAndMutatedBytesNeverThrow() throws IOException {
    Random rnd = new Random(42);
    for (String name :
        List.of("tls-clienthello.bin", "http-request.bin", "dns-query.bin", "dns-response.bin")) {
      byte[] b = res(name);
      for (int n = 0; n <= b.length; n++) {
        byte[] cut = Arrays.copyOf(b, n);
        DnsDecoder.decode(cut);
        DnsDecoder.decodeTcp(cut);
        TlsDecoder.sni(cut);
        HttpDecoder.decode(cut);
      }
      for (int i = 0; i < 3000; i++) {
        byte[] m = b.clone();
        for (int k = 0; k < 1 + rnd.nextInt(6); k++)
          m[rnd.nextInt(m.length)] = (byte) rnd.nextInt();
        DnsDecoder.decode(m);
        TlsDecoder.sni(m);
        HttpDecoder.decode(m);
      }
    }
    for (int i = 0; i < 3000; i++) {
      byte[] m = new byte[rnd.nextInt(600)];
      rnd.nextBytes(m);
      if (m.length > 6 && i % 2 == 0) {
        m[0] = 0x16;
        m[1] = 3;
        m[2] = 1;
        m[5] = 1;
      }
      DnsDecoder.decode(m);
      TlsDecoder.sni(m);
      HttpDecoder.decode(m);
    }
    // a cut response keeps the question it could read
    byte[] r = res("dns-response.bin");
    DnsDecoder.Message part = DnsDecoder.decode(Arrays.copyOf(r, 40));
    assertNotNull(part);
    assertEquals("evil.example", part.questions().get(0).name());
  }
}
