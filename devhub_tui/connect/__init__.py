"""Quick Connect: tokens, QR payloads and the web form server."""
