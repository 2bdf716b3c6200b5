"""The full-screen app (Textual): the app, its stylesheet and palette, screens and widgets."""
