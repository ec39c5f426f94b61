# Stand-in for wolfify's offline build tests, not the real pg.
Gem::Specification.new do |s|
  s.name = "pg"
  s.version = "1.5.9"
  s.summary = "Stand-in for wolfify's offline build tests, not the real pg"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
end
