//! The console's sentences: counts with their nouns ("1 device", "3 calls"), words
//! capitalised, and text from the Cloud set inside them. A device name may carry
//! right-to-left letters or a bidi override (U+202E), which would reorder the words around
//! it ("Batch: …"); isolated, it can only reorder itself.

use std::borrow::Cow;

/// "1 device", "12 devices": a count and its noun, singular for exactly one.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", noun(n, one, many))
}

/// The noun for `n` things, for a sentence that puts the number elsewhere.
pub fn noun<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// "1 device", "12 devices".
pub fn devices(n: usize) -> String {
    count(n, "device", "devices")
}

/// `text` wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE when it holds
/// right-to-left letters or directional controls, with each explicit control (override,
/// embedding, isolate, mark) shown as its code point: isolated, an override still reverses
/// the rest of its own text (`safe\u{202E}gnp.exe` reads "safeexe.png"), so it is made
/// visible instead of obeyed. As it is otherwise (so ordinary names, exports and
/// comparisons carry no invisible characters).
pub fn isolate(text: &str) -> Cow<'_, str> {
    let directional = text.chars().any(|c| {
        is_direction_control(c)
            || matches!(c,
            '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFE}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}')
    });
    if !directional {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("\u{2068}{}\u{2069}", controls_shown(text)))
}

/// The most characters of a Cloud text a table, a card or a label draws: a name of a
/// megabyte would otherwise take the overview tens of seconds to lay out, and one of 10 KB
/// makes the fleet's table thousands of pixels wide. The whole text stays in the device's
/// page and in exports.
pub const DRAWN_CHARS: usize = 160;

/// `text` as a table or label draws it: isolated ([`isolate`]) and, past [`DRAWN_CHARS`]
/// characters, cut with "…" (at a character, never inside one).
pub fn drawn(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(DRAWN_CHARS) {
        None => isolate(text),
        Some((end, _)) => Cow::Owned(format!("{}…", isolate(&text[..end]))),
    }
}

/// An explicit direction control: marks, embeddings, overrides, isolates.
fn is_direction_control(c: char) -> bool {
    matches!(c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each explicit direction control shown as its code point ("[U+202E]")
/// instead of obeyed — for the page ([`isolate`]) and for exports, where a spreadsheet
/// would otherwise draw `safe\u{202E}gnp.exe` as "safeexe.png".
pub fn controls_shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_direction_control) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_direction_control(c) {
            shown.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod drawn_tests {
    use super::*;

    #[test]
    fn a_long_cloud_text_is_drawn_cut_and_a_short_one_whole() {
        assert_eq!(drawn("Ultra Stream HDMI"), "Ultra Stream HDMI");
        let megabyte = "é".repeat(1_000_000);
        let cut = drawn(&megabyte);
        assert_eq!(cut.chars().count(), DRAWN_CHARS + 1, "the characters kept and the ellipsis");
        assert!(cut.ends_with('…'));
        let exact = "x".repeat(DRAWN_CHARS);
        assert_eq!(drawn(&exact), exact, "at the limit: whole");
        // Still isolated when cut.
        let spoof = format!("{}\u{202E}", "a".repeat(DRAWN_CHARS + 5));
        assert!(!drawn(&spoof).contains('\u{202E}'));
    }
}

/// The console's own words with their first letter upper-case: "wave 2" → "Wave 2". Only
/// an ASCII letter changes (the console's words are English): Unicode's case tables cost
/// 6 KB of wasm gzip.
pub fn capitalised(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// "18 verified · 2 failed": only the parts that are not zero; "nothing sent" when all are.
pub fn nonzero(parts: &[(usize, &str)]) -> String {
    let shown: Vec<String> =
        parts.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
    if shown.is_empty() { "nothing sent".into() } else { shown.join(" · ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_takes_the_singular_for_exactly_one() {
        assert_eq!(count(0, "call", "calls"), "0 calls");
        assert_eq!(count(1, "call", "calls"), "1 call");
        assert_eq!(devices(2), "2 devices");
        assert_eq!(noun(1, "it", "them"), "it");
        assert_eq!(noun(3, "it", "them"), "them");
    }

    #[test]
    fn the_console_s_words_start_with_a_capital() {
        assert_eq!(capitalised("wave 2"), "Wave 2");
        assert_eq!(capitalised("canary"), "Canary");
        assert_eq!(capitalised(""), "");
        assert_eq!(capitalised("éa"), "éa", "left as it is, never split");
    }

    #[test]
    fn only_text_that_could_reorder_its_surroundings_is_isolated() {
        for plain in ["Ultra Stream HDMI", "", "A", "Pro Convert · 4K", "Ünïcödé 日本"] {
            assert_eq!(isolate(plain), plain);
        }
        for rtl in ["\u{05D0}\u{05D1}", "مشفر"] {
            assert_eq!(isolate(rtl), format!("\u{2068}{rtl}\u{2069}"), "{rtl:?}");
        }
        assert_eq!(
            isolate("safe\u{202E}gnp.exe"),
            "\u{2068}safe[U+202E]gnp.exe\u{2069}",
            "an override is shown, not obeyed"
        );
        assert_eq!(isolate("x\u{2067}y"), "\u{2068}x[U+2067]y\u{2069}");
    }
}
