package dev.capstan.api;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** The parts of an HTTP request that authenticators read. Implementations are read-only views. */
public interface AuthenticationRequest {
  /** The client certificate chain from the TLS handshake, leaf first; empty when none was presented. */
  List<X509Certificate> clientCertificates();

  /** The first value of a request header, by case-insensitive name. */
  Optional<String> header(String name);
}
