# Stand-in for wolfify's offline build tests, not the real rails.
Gem::Specification.new do |s|
  s.name = "rails"
  s.version = "7.2.2"
  s.summary = "Stand-in for wolfify's offline build tests, not the real rails"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
end
