# Stand-in for wolfify's offline build tests: the real bootsnap/setup installs load-path and
# compile caches; builds only need it to load.
