"""The app's screens: picker, player, closing, and the small dialogs over them."""
