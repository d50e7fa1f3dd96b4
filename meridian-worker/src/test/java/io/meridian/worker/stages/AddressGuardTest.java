package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.worker.sdk.TaskFailure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The SSRF guard, on literal addresses only: nothing here needs DNS. */
class AddressGuardTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback", "127.255.0.9, loopback", "::1, loopback", "::ffff:127.0.0.1, loopback",
        "10.0.0.1, private", "10.255.255.255, private", "172.16.0.1, private", "172.31.255.1, private",
        "192.168.1.1, private", "169.254.169.254, link-local", "fe80::1, link-local",
        "100.64.0.1, carrier-grade NAT", "100.127.255.254, carrier-grade NAT", "0.0.0.0, unspecified",
        "::, unspecified", "224.0.0.1, multicast", "fd12::1, private (unique local)", "::ffff:10.1.2.3, private",
    })
    void refusedClasses(String literal, String expected) throws Exception {
        assertThat(AddressGuard.refusedClass(InetAddress.getByName(literal))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"8.8.8.8", "172.32.0.1", "172.15.255.255", "100.63.255.255", "100.128.0.1", "192.169.0.1",
            "11.0.0.1", "2001:4860:4860::8888"})
    void publicAddressesPass(String literal) throws Exception {
        assertThat(AddressGuard.refusedClass(InetAddress.getByName(literal))).isNull();
    }

    @Test
    void anIpv4MappedIpv6AddressObjectIsUnmapped() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127, 0, 0, 1};
        assertThat(AddressGuard.refusedClass(Inet6Address.getByAddress(null, mapped, -1))).isEqualTo("loopback");
    }

    @Test
    void cidrBlocksContainTheirAddresses() throws Exception {
        Cidr block = Cidr.parse("10.20.0.0/16");
        assertThat(block.contains(InetAddress.getByName("10.20.255.1"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Cidr.parse("fc00::/7").contains(InetAddress.getByName("fdff::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("1.2.3.4"))).isTrue();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not an IP block");
    }

    @Test
    void theAllowListAcceptsIpsCidrsAndIpWithPort() throws Exception {
        var byCidr = new AddressGuard(new HttpPolicy(List.of("10.0.0.0/8")));
        byCidr.check(URI.create("http://10.9.8.7:8080/x"));
        assertThat(catchThrowableOfType(TaskFailure.class, () -> byCidr.check(URI.create("http://192.168.0.1/")))
                .getMessage()).contains("192.168.0.1").contains("private");

        var byPort = new AddressGuard(new HttpPolicy(List.of("10.0.0.5:8080")));
        byPort.check(URI.create("http://10.0.0.5:8080/"));
        assertThatThrownBy(() -> byPort.check(URI.create("http://10.0.0.5:8081/"))).isInstanceOf(TaskFailure.class);

        var v6 = new AddressGuard(new HttpPolicy(List.of("::1")));
        v6.check(URI.create("http://[::1]:9/"));
        assertThatThrownBy(() -> v6.check(URI.create("http://127.0.0.1:9/"))).hasMessageContaining("loopback");
    }

    @Test
    void mappedAndOtherSpellingsOfLoopbackAreRefusedByDefault() {
        var guard = new AddressGuard(null);
        for (String url : List.of("http://[::ffff:127.0.0.1]/", "http://[::1]/", "http://127.1.2.3/", "http://0.0.0.0/")) {
            TaskFailure f = catchThrowableOfType(TaskFailure.class, () -> guard.check(URI.create(url)));
            assertThat(f).as(url).isNotNull();
            assertThat(f.nonRetryable()).isTrue();
            assertThat(f.type()).isEqualTo("address_refused");
        }
    }

    @Test
    void onlyHttpAndHttpsWithAHost() {
        var guard = new AddressGuard(HttpPolicy.DENY_PRIVATE);
        for (String url : List.of("ftp://8.8.8.8/x", "file:///etc/passwd", "gopher://8.8.8.8/", "jar:http://8.8.8.8!/")) {
            assertThat(catchThrowableOfType(TaskFailure.class, () -> guard.check(URI.create(url))).getMessage())
                    .as(url).contains("only http and https");
        }
        assertThatThrownBy(() -> guard.check(URI.create("http:///nohost"))).hasMessageContaining("no host");
    }
}
