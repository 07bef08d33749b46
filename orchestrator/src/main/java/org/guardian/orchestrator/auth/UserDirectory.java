package org.guardian.orchestrator.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.guardian.orchestrator.config.AuthSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in users, each held only as a bcrypt hash of its password. A user whose password is
 * empty cannot log in; when no password is set at all, an admin password is generated and logged
 * once. Successful checks are remembered by a keyed digest (never the password) so that a
 * logged-in client does not pay for bcrypt on every request.
 */
public final class UserDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);
    private static final int BCRYPT_COST = 10;
    private static final int GENERATED_PASSWORD_BYTES = 18;

    private final Map<String, byte[]> hashes;
    private final byte[] digestKey = new byte[32];
    private final Map<String, User> verified = new ConcurrentHashMap<>();

    private UserDirectory(Map<String, byte[]> hashes, SecureRandom random) {
        this.hashes = hashes;
        random.nextBytes(digestKey);
    }

    public static UserDirectory of(AuthSettings settings, SecureRandom random) {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(Roles.ADMIN, settings.getAdminPassword());
        passwords.put(Roles.OPERATOR, settings.getOperatorPassword());
        passwords.put(Roles.VIEWER, settings.getViewerPassword());
        if (passwords.values().stream().allMatch(String::isEmpty)) {
            byte[] bytes = new byte[GENERATED_PASSWORD_BYTES];
            random.nextBytes(bytes);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            passwords.put(Roles.ADMIN, generated);
            LOG.warn("No ORCH_ADMIN_PASSWORD, ORCH_OPERATOR_PASSWORD or ORCH_VIEWER_PASSWORD set: generated"
                    + " a password for user admin (valid until this node restarts): {}", generated);
        }
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        passwords.forEach((user, password) -> {
            if (!password.isEmpty()) {
                hashes.put(user, BCrypt.withDefaults().hash(BCRYPT_COST, password.toCharArray()));
            }
        });
        return new UserDirectory(Map.copyOf(hashes), random);
    }

    /** Whether {@code name} is a user that may log in (has a password). */
    public boolean canLogIn(String name) {
        return hashes.containsKey(name);
    }

    /** The user, when the name is known, may log in, and the password is its own. */
    public Optional<User> verify(String name, String password) {
        byte[] hash = hashes.get(name);
        if (hash == null || password == null) {
            return Optional.empty();
        }
        String digest = digest(name, password);
        User known = verified.get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        if (!matches(password, hash)) {
            return Optional.empty();
        }
        User user = new User(name, name);
        verified.put(digest, user);
        return Optional.of(user);
    }

    /** A password bcrypt cannot take (over 72 bytes in UTF-8) matches no hash it made. */
    private static boolean matches(String password, byte[] hash) {
        try {
            return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String digest(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((name + '\0' + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
