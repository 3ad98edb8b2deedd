package dev.capstan.server.structural;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which strings pass each format custom resources are checked for, as upstream's strfmt registry decides. */
class FormatsTest {
  /** format, value, valid */
  private static final Object[][] CASES = {
      {"uuid", "0f8fad5b-d9cb-469f-a165-70867728950e", true},
      {"uuid", "0F8FAD5BD9CB469FA16570867728950E", true},
      {"uuid", "0f8fad5b-d9cb-469f-a165-70867728950", false},
      {"uuid3", "a987fbc9-4bed-3078-cf07-9141ba07c9f3", true},
      {"uuid4", "a987fbc9-4bed-3078-cf07-9141ba07c9f3", false},
      {"uuid4", "625e63f3-58f5-40b7-83a1-a72ad31acffb", true},
      {"uuid5", "987fbc97-4bed-5078-9f07-9141ba07c9f3", true},
      {"bsonobjectid", "507f1f77bcf86cd799439011", true},
      {"bsonobjectid", "507f1f77bcf86cd79943901", false},
      {"date", "2024-02-29", true},
      {"date", "2023-02-29", false},
      {"date", "2024-2-29", false},
      {"date-time", "2024-02-29T23:59:59.123+02:00", true},
      {"date-time", "2024-02-29t23:59:59z", true},
      {"date-time", "2024-02-29T24:00:00Z", false},
      {"date-time", "2024-02-29T10:00:00", false},
      {"datetime", "2024-02-29T10:00:00Z", true},
      {"duration", "1h30m", true},
      {"duration", "-1.5s", true},
      {"duration", "3 days", true},
      {"duration", "3 fortnights", false},
      {"duration", "abc", false},
      {"ipv4", "192.168.0.1", true},
      {"ipv4", "256.0.0.1", false},
      {"ipv4", "1.2.3", false},
      {"ipv4", "::ffff:1.2.3.4", true},
      {"ipv6", "2001:db8::1", true},
      {"ipv6", "::", true},
      {"ipv6", "1:2:3:4:5:6:7:8", true},
      {"ipv6", "1:2:3:4:5:6:7:8:9", false},
      {"ipv6", "1::2::3", false},
      {"ipv6", "10.0.0.1", false},
      {"cidr", "10.0.0.0/8", true},
      {"cidr", "2001:db8::/32", true},
      {"cidr", "10.0.0.0/33", false},
      {"cidr", "10.0.0.0", false},
      {"mac", "00:1A:2b:3c:4d:5e", true},
      {"mac", "00-1a-2b-3c-4d-5e", true},
      {"mac", "001a.2b3c.4d5e", true},
      {"mac", "00:1a:2b:3c:4d", false},
      {"mac", "00:1a-2b:3c:4d:5e", false},
      {"hostname", "example.com", true},
      {"hostname", "a", true},
      {"hostname", "-bad.example.com", false},
      {"hostname", "under_score.com", false},
      {"email", "someone@example.com", true},
      {"email", "Some One <someone@example.com>", true},
      {"email", "someone", false},
      {"uri", "https://example.com/path?q=1", true},
      {"uri", "/absolute/path", true},
      {"uri", "mailto:someone@example.com", true},
      {"uri", "relative/path", false},
      {"uri", "", false},
      {"uri", "http://exa mple.com/", false},
      {"uri", "http://example.com:port/", false},
      {"uri", "//ho st/path", true},
      {"uri", "1http://example.com", false},
      {"byte", "aGVsbG8=", true},
      {"byte", "aGVsbG8", false},
      {"byte", "", false},
      {"hexcolor", "#ff00AA", true},
      {"hexcolor", "f0a", true},
      {"hexcolor", "#ff00a", false},
      {"rgbcolor", "rgb(255, 0, 10)", true},
      {"rgbcolor", "rgb(256,0,0)", false},
      {"ssn", "111-11-1111", true},
      {"ssn", "111111111", false},
      {"isbn10", "0321751043", true},
      {"isbn10", "0321751044", false},
      {"isbn13", "978-0321751041", true},
      {"isbn", "978-0321751041", true},
      {"creditcard", "4111 1111 1111 1111", true},
      {"creditcard", "4111 1111 1111 1112", false},
      {"password", "anything at all", true},
  };

  @Test
  void eachFormatAcceptsWhatStrfmtAccepts() {
    List<String> wrong = new ArrayList<>();
    for (Object[] c : CASES) {
      if (Formats.valid((String) c[0], (String) c[1]) != (Boolean) c[2]) {
        wrong.add(c[0] + " " + c[1] + " should be " + (((Boolean) c[2]) ? "valid" : "invalid"));
      }
    }
    assertEquals(List.of(), wrong);
  }
}
