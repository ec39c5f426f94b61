# Stand-in for wolfify's offline build tests, not the real image_processing.
Gem::Specification.new do |s|
  s.name = "image_processing"
  s.version = "1.13.0"
  s.summary = "Stand-in for wolfify's offline build tests, not the real image_processing"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
end
