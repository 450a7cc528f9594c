package io.skylane.northbound;

/**
 * Names as the API writes them, in snake_case ({@code arp_answered}), from the names the controller's
 * parts give their counters in Java's style ({@code arpAnswered}), dotted ({@code frames.malformed})
 * or already in snake_case ({@code move_held}).
 */
final class SnakeCase {

    private SnakeCase() {
    }

    /**
     * {@code name} in snake_case: a word starts at an upper-case letter after a lower-case letter or a
     * digit ({@code packetsIn}, {@code ipv4Drops}), and at the last capital of an acronym followed by a
     * lower-case letter ({@code ARPAnswered}); dots, dashes and spaces become underscores.
     */
    static String of(String name) {
        StringBuilder b = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '-' || c == ' ') {
                b.append('_');
            } else if (Character.isUpperCase(c)) {
                char prev = i > 0 ? name.charAt(i - 1) : '_';
                boolean afterWord = Character.isLowerCase(prev) || Character.isDigit(prev);
                boolean endOfAcronym = Character.isUpperCase(prev) && i + 1 < name.length()
                        && Character.isLowerCase(name.charAt(i + 1));
                if (afterWord || endOfAcronym) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
