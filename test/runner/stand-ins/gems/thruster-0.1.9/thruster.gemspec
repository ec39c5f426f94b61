# Stand-in for wolfify's offline build tests, not the real thruster.
Gem::Specification.new do |s|
  s.name = "thruster"
  s.version = "0.1.9"
  s.summary = "Stand-in for wolfify's offline build tests, not the real thruster"
  s.authors = ["wolfify tests"]
  s.license = "MIT"
  s.files = Dir["lib/**/*.rb", "exe/*"]
  s.bindir = "exe"
  s.executables = ["thrust"]
end
