//! k6's ASCII logo, printed before a run unless `-q`.

/// The banner k6 prints: a blank line, the five-line logo, and a blank line.
const LOGO: &str = "         /\\      Grafana   /‾‾/  \n    /\\  /  \\     |\\  __   /  /   \n   /  \\/    \\    | |/ /  /   ‾‾\\ \n  /          \\   |   (  |  (‾)  |\n / __________ \\  |_|\\_\\  \\_____/ \n";

/// The banner text; yellow on a colour terminal (24-bit orange with COLORTERM=truecolor).
pub(crate) fn banner(color: bool) -> String {
    if !color {
        return format!("\n{LOGO}\n");
    }
    let truecolor = std::env::var("COLORTERM").is_ok_and(|v| v == "truecolor" || v == "24bit");
    let (start, end) = if truecolor { ("\x1b[38;2;255;103;28m\x1b[1m", "\x1b[0m") } else { ("\x1b[33m", "\x1b[0m") };
    let colored: String = LOGO.lines().map(|l| format!("{start}{l}{end}\n")).collect();
    format!("\n{colored}\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_banner_matches_k6() {
        let expected = "\n         /\\      Grafana   /‾‾/  \n    /\\  /  \\     |\\  __   /  /   \n   /  \\/    \\    | |/ /  /   ‾‾\\ \n  /          \\   |   (  |  (‾)  |\n / __________ \\  |_|\\_\\  \\_____/ \n\n";
        assert_eq!(super::banner(false), expected);
    }
}
