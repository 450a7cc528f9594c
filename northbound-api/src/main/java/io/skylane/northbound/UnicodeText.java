package io.skylane.northbound;

import java.util.Optional;

/**
 * Which strings a request may carry: Unicode text as YANG's {@code string} type allows it
 * (RFC 7950 section 9.4), so no lone surrogate ({@code "\ud800"} is not a character: it is stored
 * as one thing and rendered as another) and no non-character (U+FDD0..U+FDEF and the last two
 * code points of every plane, U+FFFE, U+FFFF, U+1FFFE...). Surrogate pairs are characters like
 * any other.
 */
final class UnicodeText {

    private UnicodeText() {
    }

    /**
     * What is wrong with {@code s}: its first lone surrogate or non-character, as
     * {@code "U+D800 (a lone surrogate) at character 3"} (characters counted from 1); empty if
     * {@code s} is text.
     */
    static Optional<String> problem(String s) {
        int position = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            position++;
            String what = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? "a lone surrogate"
                    : isNonCharacter(cp) ? "a Unicode non-character" : null;
            if (what != null) {
                return Optional.of(String.format("U+%04X (%s) at character %d", cp, what, position));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /** U+FDD0..U+FDEF, and U+xFFFE and U+xFFFF in every plane. */
    static boolean isNonCharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }
}
