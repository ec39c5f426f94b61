# Stand-in for wolfify's offline build tests, not the real Rails. Of the commands a
# Dockerfile runs at build time it knows `assets:precompile`, done as Propshaft does it:
# every file under app/assets/* copied to public/assets/<name>-<digest><ext>, listed in
# public/assets/.manifest.json.
require "digest"
require "fileutils"
require "json"

command = ARGV.first
abort "rails (stand-in): only 'assets:precompile' is supported, not #{command}" unless command == "assets:precompile"
root = File.expand_path("..", File.dirname(APP_PATH))
manifest = {}
Dir.glob(File.join(root, "app/assets/*/**/*")).sort.each do |file|
  next unless File.file?(file)
  logical = file.sub(%r{\A#{Regexp.escape(root)}/app/assets/[^/]+/}, "")
  ext = File.extname(logical)
  digested = "#{logical.delete_suffix(ext)}-#{Digest::SHA1.hexdigest(File.binread(file))[0, 8]}#{ext}"
  FileUtils.mkdir_p(File.dirname(File.join(root, "public/assets", digested)))
  FileUtils.cp(file, File.join(root, "public/assets", digested))
  manifest[logical] = digested
end
File.write(File.join(root, "public/assets/.manifest.json"), JSON.pretty_generate(manifest))
puts "rails (stand-in): #{manifest.size} assets written to public/assets"
