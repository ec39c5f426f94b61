# Stand-in for wolfify's offline build tests, not the real puma.
Gem::Specification.new do |s|
  s.name = "puma"
  s.version = "6.5.0"
  s.summary = "Stand-in for wolfify's offline build tests, not the real puma"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
end
