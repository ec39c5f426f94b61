# Stand-in for wolfify's offline build tests, not the real cssbundling-rails.
Gem::Specification.new do |s|
  s.name = "cssbundling-rails"
  s.version = "1.4.1"
  s.summary = "Stand-in for wolfify's offline build tests, not the real cssbundling-rails"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
end
