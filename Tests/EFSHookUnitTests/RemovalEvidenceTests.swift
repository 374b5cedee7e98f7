import Foundation
import Testing

@testable import AWSClient
@testable import EFSHookCore

/// Issue 22: what proves a resource unused. CloudWatch's answers (query protocol, XML) and
/// the decision drawn from them: idle only on positive evidence over the whole window.
@Suite struct RemovalEvidenceTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let window = ConnectionHistory.Window(days: 7, end: now)

    static func daily(_ values: [Double], from start: Date = window.start) -> ConnectionHistory {
        ConnectionHistory(
            points: values.enumerated().map { .init(start: start.addingTimeInterval(Double($0.offset) * 86_400), connections: $0.element) })
    }

    static func judge(_ history: ConnectionHistory?, usedHere: Bool = false, kind: OwnedResource.Kind = .fileSystem)
        -> RemovalCandidate
    {
        let resource = OwnedResource(volume: "vol", id: kind == .fileSystem ? "fs-1" : "fsap-1", kind: kind, fileSystemId: "fs-1")
        return RemovalCandidate.judge(resource, usedHere: usedHere, history: history, window: window, days: 7)
    }

    @Test func sevenDaysOfZeroConnectionsAreIdle() {
        let candidate = Self.judge(Self.daily(Array(repeating: 0, count: 7)))
        #expect(candidate.deletable)
        #expect(candidate.evidence.last == "ClientConnections of fs-1 is 0 in all 7 daily datapoints of the last 7 days")
    }

    @Test func noDatapointsIsUnknownNeverIdle() {
        for history in [nil, ConnectionHistory(points: [])] {
            let candidate = Self.judge(history)
            #expect(!candidate.deletable)
            #expect(candidate.blocker == "use of fs-1 over the last 7 days is unknown: no ClientConnections datapoints in the window")
        }
    }

    @Test func oneConnectionInTheWindowKeepsIt() {
        let candidate = Self.judge(Self.daily([0, 0, 0, 2, 0, 0, 0]))
        #expect(candidate.blocker?.hasPrefix("fs-1 had 2 client connections in the day from ") == true, "\(candidate)")
    }

    @Test func dataOnlyForThePastDaysIsUnknown() {
        let candidate = Self.judge(Self.daily([0, 0], from: Self.now.addingTimeInterval(-2 * 86_400)))
        #expect(candidate.blocker?.contains("datapoints only from") == true, "\(String(describing: candidate.blocker))")
    }

    @Test func anIncompleteAnswerIsUnknown() {
        let history = ConnectionHistory(points: Self.daily(Array(repeating: 0, count: 7)).points, status: "InternalError")
        #expect(Self.judge(history).blocker?.hasSuffix("unknown: CloudWatch answered InternalError") == true)
    }

    @Test func useOnThisHostKeepsItWhateverCloudWatchSays() {
        let candidate = Self.judge(Self.daily(Array(repeating: 0, count: 7)), usedHere: true)
        #expect(candidate.blocker == "a container or host mount on this host uses it")
    }

    @Test func anAccessPointIsJudgedByItsFileSystemsConnections() {
        let candidate = Self.judge(Self.daily([0, 0, 0, 0, 0, 0, 5]), kind: .accessPoint)
        #expect(candidate.blocker?.hasPrefix("fs-1 (the access point's file system) had 5 client connections") == true)
    }

    // MARK: the query protocol

    @Test func getMetricDataIsFlattenedAsTheQueryProtocolSpellsIt() {
        let request = MetricDataRequest(
            queries: [.clientConnections(fileSystemId: "fs-0123", id: "fs0", period: 86_400)],
            start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 86_400))
        let form = Dictionary(CloudWatchQuery.form(request), uniquingKeysWith: { a, _ in a })
        #expect(form["StartTime"] == "1970-01-01T00:00:00Z" && form["EndTime"] == "1970-01-02T00:00:00Z")
        #expect(form["MetricDataQueries.member.1.MetricStat.Metric.Namespace"] == "AWS/EFS")
        #expect(form["MetricDataQueries.member.1.MetricStat.Metric.MetricName"] == "ClientConnections")
        #expect(form["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name"] == "FileSystemId")
        #expect(form["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"] == "fs-0123")
        #expect(form["MetricDataQueries.member.1.MetricStat.Stat"] == "Sum")
        #expect(form["MetricDataQueries.member.1.MetricStat.Period"] == "86400")
    }

    @Test func anAnswerIsReadWithItsPointsAndNextToken() throws {
        let xml = """
            <?xml version="1.0"?>
            <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
              <GetMetricDataResult>
                <MetricDataResults>
                  <member><Id>fs0</Id><Label>ClientConnections &amp; more</Label><StatusCode>Complete</StatusCode>
                    <Timestamps><member>2026-12-01T00:00:00Z</member><member>2026-12-02T00:00:00.000Z</member></Timestamps>
                    <Values><member>0.0</member><member>3</member></Values>
                  </member>
                </MetricDataResults>
                <NextToken>abc</NextToken>
                <Messages/>
              </GetMetricDataResult>
            </GetMetricDataResponse>
            """
        let page = try #require(CloudWatchQuery.page(Data(xml.utf8)))
        #expect(page.nextToken == "abc")
        #expect(page.results.map(\.id) == ["fs0"] && page.results.first?.values == [0, 3])
        #expect(page.results.first?.timestamps.count == 2 && page.results.first?.statusCode == "Complete")
    }

    @Test func documentsThatDoNotParseAreRefusedNotHalfRead() {
        for xml in ["<a><b></a>", "<a>", "<a>&bogus;</a>", "text<a/>", "<a/><b/>", "<GetMetricDataResponse/>"] {
            let tree = XMLTree.parse(Data(xml.utf8))
            #expect(tree == nil || CloudWatchQuery.page(Data(xml.utf8)) == nil, "\(xml)")
        }
        let bad =
            "<GetMetricDataResult><MetricDataResults><member><Id>q</Id><Values><member>x</member></Values></member></MetricDataResults></GetMetricDataResult>"
        #expect(CloudWatchQuery.page(Data(bad.utf8)) == nil, "a value that is no number")
    }

    @Test func aQueryProtocolErrorGivesItsCode() {
        let body =
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: cloudwatch:GetMetricData</Message></Error></ErrorResponse>"
        let failure = AWSServiceFailure.parse(HTTPResponse(status: 403, headers: [], body: Data(body.utf8)))
        #expect(failure.code?.rawValue == "AccessDenied")
        #expect(failure.message == "not authorized to perform: cloudwatch:GetMetricData")
    }
}
