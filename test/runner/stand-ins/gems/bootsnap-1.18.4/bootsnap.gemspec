# Stand-in for wolfify's offline build tests, not the real bootsnap.
Gem::Specification.new do |s|
  s.name = "bootsnap"
  s.version = "1.18.4"
  s.summary = "Stand-in for wolfify's offline build tests, not the real bootsnap"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
  s.bindir = "exe"
  s.executables = ["bootsnap"]
end
