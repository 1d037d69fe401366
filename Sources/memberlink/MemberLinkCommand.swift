import MemberLink

@main
struct MemberLinkCommand {
    static func main() {}
}
