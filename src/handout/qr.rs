//! The QR code a handout prints beside its address, so a phone held over the paper opens
//! the interactive page: encoded by the `qrcode` crate, drawn here as one SVG path in the
//! text's colour.

use qrcode::{Color, QrCode};

/// An SVG QR code that opens `address`, with nothing of the address in it (the template
/// names it, escaped); `None` when it is too long for one.
pub(crate) fn svg(address: &str) -> Option<String> {
    let code = QrCode::new(address.as_bytes()).ok()?;
    let width = code.width();
    let mut path = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            // Four modules of quiet zone around the code, as readers expect.
            let (x, y) = (i % width + 4, i / width + 4);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let size = width + 8;
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         aria-hidden=\"true\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_code_is_square_with_a_quiet_zone_and_nothing_of_the_address() {
        let svg = super::svg("https://example.org/guide/a/?x=<b>").unwrap();
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{svg}");
        assert!(!svg.contains("example") && !svg.contains("&lt;"), "{svg}");
        assert!(
            svg.contains("d=\"M4 4h1v1h-1z"),
            "the finder pattern's corner"
        );
    }
}
