# Stand-in for wolfify's offline build tests, not the real debug.
Gem::Specification.new do |s|
  s.name = "debug"
  s.version = "1.9.2"
  s.summary = "Stand-in for wolfify's offline build tests, not the real debug"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
end
