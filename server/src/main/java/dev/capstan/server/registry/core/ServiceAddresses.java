package dev.capstan.server.registry.core;

import dev.capstan.api.ApiException;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cluster IPs from the service range and node ports from 30000-32767. Each allocation is a key created only if
 * absent, so two API servers on one etcd never hand out the same address; deleting the key releases it.
 */
final class ServiceAddresses {
  /** kubeadm's default --service-cluster-ip-range. */
  static final String RANGE = "10.96.0.0/12";
  static final String API_SERVER_IP = "10.96.0.1";
  private static final long BASE = (10L << 24) | (96L << 16);
  private static final int SIZE = 1 << 20;
  static final int NODE_PORT_MIN = 30000;
  static final int NODE_PORT_MAX = 32767;
  private static final String IP_KEYS = "/registry/capstan/serviceips/";
  private static final String PORT_KEYS = "/registry/capstan/servicenodeports/";

  private ServiceAddresses() {}

  static boolean inRange(String ip) {
    long v = parse(ip);
    return v > BASE && v < BASE + SIZE - 1;
  }

  /** Reserves {@code ip}; false when another service holds it. */
  static boolean reserveIp(KvStore kv, String ip, String owner) {
    return reserve(kv, IP_KEYS + ip, owner);
  }

  /** Reserves a free IP, starting at a random place in the range. */
  static String allocateIp(KvStore kv, String owner) {
    int start = ThreadLocalRandom.current().nextInt(1, SIZE - 1);
    for (int i = 0; i < SIZE - 2; i++) {
      long v = BASE + 1 + ((start + i) % (SIZE - 2));
      String ip = format(v);
      if (!ip.equals(API_SERVER_IP) && reserve(kv, IP_KEYS + ip, owner)) {
        return ip;
      }
    }
    throw ApiException.internal("failed to allocate a service IP: range " + RANGE + " is full");
  }

  static boolean reservePort(KvStore kv, int port, String owner) {
    return reserve(kv, PORT_KEYS + port, owner);
  }

  static int allocatePort(KvStore kv, String owner) {
    int span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = NODE_PORT_MIN + (start + i) % span;
      if (reserve(kv, PORT_KEYS + port, owner)) {
        return port;
      }
    }
    throw ApiException.internal("failed to allocate a node port: range 30000-32767 is full");
  }

  static void releaseIp(KvStore kv, String ip) {
    release(kv, IP_KEYS + ip);
  }

  static void releasePort(KvStore kv, int port) {
    release(kv, PORT_KEYS + port);
  }

  private static boolean reserve(KvStore kv, String key, String owner) {
    try {
      kv.create(key, owner.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (StorageException e) {
      if (e.reason() == StorageException.Reason.KEY_EXISTS) {
        return false;
      }
      throw e;
    }
  }

  private static void release(KvStore kv, String key) {
    kv.get(key).ifPresent(k -> {
      try {
        kv.delete(key, k.modRevision());
      } catch (StorageException e) {
        // released meanwhile
      }
    });
  }

  static long parse(String ip) {
    String[] p = ip.split("\\.");
    if (p.length != 4) {
      return -1;
    }
    long v = 0;
    for (String part : p) {
      try {
        int octet = Integer.parseInt(part);
        if (octet < 0 || octet > 255 || !part.equals(Integer.toString(octet))) {
          return -1;
        }
        v = (v << 8) | octet;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return v;
  }

  private static String format(long v) {
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }
}
