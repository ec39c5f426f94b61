# Stand-in for wolfify's offline build tests, not the real jsbundling-rails.
Gem::Specification.new do |s|
  s.name = "jsbundling-rails"
  s.version = "1.3.1"
  s.summary = "Stand-in for wolfify's offline build tests, not the real jsbundling-rails"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
end
