# Stand-in for wolfify's offline build tests, not the real rails.
