"""Stand-in for wolfify's offline build tests: an empty package named like the real one."""
