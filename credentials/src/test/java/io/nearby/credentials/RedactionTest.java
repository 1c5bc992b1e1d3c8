package io.nearby.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            redis://nearby:s3cret@cache:6379                              | redis://nearby:***@cache:6379
            rediss://nearby:s3cret@cache.example.com:6380                 | rediss://nearby:***@cache.example.com:6380
            redis://:s3cret@127.0.0.1:6379                                | redis://:***@127.0.0.1:6379
            redis://s3cret@127.0.0.1:6379                                 | redis://***@127.0.0.1:6379
            redis://default:p%40ss%3Aw0rd@[::1]:6379                      | redis://default:***@[::1]:6379
            redis://default:p@ss@cache:6379                               | redis://default:***@cache:6379
            http://root:s3cret@etcd-0:2379                                | http://root:***@etcd-0:2379
            https://root:s3cret@etcd-0:2379/v3/kv                         | https://root:***@etcd-0:2379/v3/kv
            jdbc:postgresql://nearby:s3cret@db:5432/nearby                | jdbc:postgresql://nearby:***@db:5432/nearby
            jdbc:postgresql://db:5432/nearby?user=u&password=s3cret       | jdbc:postgresql://db:5432/nearby?user=u&password=***
            jdbc:postgresql://db/n?password=s3cret&ssl=true               | jdbc:postgresql://db/n?password=***&ssl=true
            jdbc:postgresql://db/n?sslpassword=k3y&user=u                 | jdbc:postgresql://db/n?sslpassword=***&user=u
            jdbc:h2:file:./data/nearby;USER=sa;PASSWORD=s3cret            | jdbc:h2:file:./data/nearby;USER=sa;PASSWORD=***
            jdbc:h2:mem:x;PASSWORD=s3cret;MODE=PostgreSQL                 | jdbc:h2:mem:x;PASSWORD=***;MODE=PostgreSQL
            jdbc:h2:tcp://h2:9092/db;user=sa;password=s3cret              | jdbc:h2:tcp://h2:9092/db;user=sa;password=***
            jdbc:h2:file:./x;CIPHER=AES;FILE_PASSWORD=s3cret              | jdbc:h2:file:./x;CIPHER=AES;FILE_PASSWORD=***
            cassandra://app:s3cret@cassandra-0:9042                       | cassandra://app:***@cassandra-0:9042
            https://ghp_t0ken@example.com/repo                            | https://***@example.com/repo
            nearby:s3cret@cache:6379                                      | nearby:***@cache:6379
            s3cret@cache:6379                                             | ***@cache:6379
            got u:s3cret@[::1]:6379                                       | got u:***@[::1]:6379
            NEARBY_REDIS_URL=redis:s3cret@cache                           | NEARBY_REDIS_URL=redis:***@cache
            alice@example.com                                             | ***@example.com
            """)
    void masksTheCredentialsOfEveryUrlForm(String url, String expected) {
        assertThat(Redaction.redact(url)).isEqualTo(expected).doesNotContain("s3cret", "k3y", "t0ken", "p@ss", "w0rd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://127.0.0.1:6379", "rediss://cache.example.com:6380", "http://etcd-0:2379",
            "https://etcd-0:2379", "jdbc:h2:file:./data/nearby", "jdbc:postgresql://db:5432/nearby?user=nearby",
            "cassandra-0.cassandra:9042,cassandra-1.cassandra:9042", "1 of 1 node(s) connected",
            "ring v1 (revision 0, 1 nodes) from static", "password=", "", "a @ b", "@home", "redis://:***@h:1"})
    void leavesTextWithoutCredentialsAlone(String text) {
        assertThat(Redaction.redact(text)).isEqualTo(text);
    }

    @Test
    void masksEveryUrlInsideALongerMessage() {
        String message = "cannot connect to redis://a:one@h1:6379, rediss://b:two@h2:6380 and"
                + " jdbc:postgresql://db/n?password=three (NOAUTH); also redis://h3:6379,redis://c:four@h4:6379";
        assertThat(Redaction.redact(message))
                .isEqualTo("cannot connect to redis://a:***@h1:6379, rediss://b:***@h2:6380 and"
                        + " jdbc:postgresql://db/n?password=*** (NOAUTH); also redis://h3:6379,redis://c:***@h4:6379")
                .doesNotContain("one", "two", "three", "four");
    }

    @Test
    void masksSecretOptionsInAnyCase() {
        assertThat(Redaction.redact("Password=a PASSWD=b pwd=c client_secret=d access_token=e"))
                .isEqualTo("Password=*** PASSWD=*** pwd=*** client_secret=*** access_token=***");
    }

    @Test
    void nullStaysNullAndObjectsAreRedactedThroughToString() {
        assertThat(Redaction.redact((String) null)).isNull();
        assertThat(Redaction.redact((Object) java.net.URI.create("redis://u:secret@h:1"))).isEqualTo("redis://u:***@h:1");
    }
}
